"""Profile the pages of bench/bench_pages.py in process: where does each page spend its time?

Logs in with django.test.Client as the person who opens each page (the same people as
bench_pages.choose_people, on the database of BENCH_DATABASE_URL, with the bench settings
and DEBUG=0), warms each page up, then requests it `--requests` times under cProfile and
prints ms per request (without the profiler, measured first; wall clock and this process's
CPU time, the steadier figure on a shared machine), the Python function calls per request
(a count that the machine's load does not change: the steadiest before/after on a busy
machine, though blind to time spent waiting on the database) and the top entries by
cumulative and by own time.

Run: `BENCH_DATABASE_URL=... DEMO_MODE=1 .venv/bin/python -m bench.profile_pages
[--pages dashboard workload visit_form household today] [--requests 50] [--top 30]`.
The figures are in-process times (no gunicorn, no HTTP client): compare them only with
each other, before and after a change, on the same data set.
"""

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_pages import choose_people, ensure_reach, session_client
from bench.harness import ensure_database

PAGES = {
    "trivial": ("/bench/trivial/", "anonymous"),
    "api_floor": ("/api/v1/provisions/?page_size=1", "lead_token"),
    "api_households": ("/api/v1/households/?page_size=50", "lead_token"),
    "api_household": ("/api/v1/households/{household}/", "lead_token"),
    "floor": ("/bench/page/", "lead"),
    "today": ("/", "busiest"),
    "household": ("/households/{household}/", "lead"),
    "visit_form": ("/households/{household}/visit/", "lead"),
    "intake": ("/coordinator/intake/", "coordinator"),
    "workload": ("/coordinator/workload/", "coordinator"),
    "overdue": ("/coordinator/overdue/", "coordinator"),
    "dashboard": ("/reach/", "analyst"),
}


def make_client(who: str, people: dict):
    """A client for `who`: anonymous, a peer with an API token ("lead_token"), or logged in
    with a session as one of bench_pages's people."""
    from django.test import Client

    from outreach.services.api_tokens import api_token_issue

    if who == "anonymous":
        return Client(HTTP_HOST="127.0.0.1")
    if who == "lead_token":
        key = api_token_issue(user=people["lead"])
        return Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {key}")
    return session_client(people[who])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", nargs="*", default=list(PAGES), choices=list(PAGES))
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--no-profile", action="store_true", help="only ms per request")
    args = parser.parse_args()
    ensure_database()
    people = choose_people()
    ensure_reach(people["team"].municipality)
    clients = {}
    timings = {}
    calls = {}
    for name in args.pages:
        template, who = PAGES[name]
        path = template.format(household=people["household"].pk)
        if who not in clients:
            clients[who] = make_client(who, people)
        client = clients[who]
        for _ in range(5):
            status = client.get(path).status_code
            if status != 200:
                raise SystemExit(f"{name}: {path} answered {status}")
        began, cpu_began = time.perf_counter(), time.process_time()
        for _ in range(args.requests):
            client.get(path)
        timings[name] = (
            (time.perf_counter() - began) * 1000 / args.requests,
            (time.process_time() - cpu_began) * 1000 / args.requests,
        )
        print(
            f"\n=== {name} ({path}): {timings[name][0]:.1f} ms per request, "
            f"{timings[name][1]:.1f} ms of it this process's CPU",
            flush=True,
        )
        if args.no_profile:
            continue
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            client.get(path)
        profile.disable()
        stats = pstats.Stats(profile).strip_dirs()
        # Python function calls per request: a count of work that does not change with the
        # machine's load, unlike any time measured here (a steadier A/B on a busy machine).
        calls[name] = stats.total_calls / args.requests
        print(f"{calls[name]:,.0f} Python function calls per request", flush=True)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
    print("\nms per request (in process, no profiler): wall clock, CPU of this process")
    for name, (wall, cpu) in timings.items():
        counted = f" {calls[name]:9,.0f} calls" if name in calls else ""
        print(f"  {name:12} {wall:7.1f} {cpu:7.1f}{counted}")


if __name__ == "__main__":
    main()
