"""Benchmark: the pages people wait for, as ratios to the page floor in the same run.

Through gunicorn (2 workers, 4 threads each) on PostgreSQL with the data set of
BENCH_DATABASE_URL (the national one for the figures in bench/README.md), 8 keep-alive
connections per page, logged in with a session as the people who open them:

- page floor (baseline): a page with the site's layout and nothing of its own, logged in
  (bench/urls.py), as the peer;
- a peer's Today (`/`), the busiest peer of the largest team;
- a household page with 3 years of history (`/households/<id>/`), the household of that
  team with the most visits whose first visit is 3 years old or more, as its lead peer;
- the visit form of that household (`/households/<id>/visit/`), as its lead peer;
- the coordinator's intake queue, workload board and overdue board (`/coordinator/...`)
  of the largest team, as a coordinator of that team only;
- the municipality's dashboard (`/reach/`), as an analyst of that team's municipality (its
  reach figures are refreshed first when the store has none).

Prints per page: queries (one request in process, counted), req/s, p95, and the ratio to
the page floor of the same run; the targets: at least 0.3 times the floor, p95 ≤ 1 s.
Run: `DEMO_MODE=1 .venv/bin/python -m bench.bench_pages [--seconds 10] [--runs 3]`.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_http import drive
from bench.harness import CONNECTIONS, ensure_database, start_server

TARGET_RATIO = 0.3
TARGET_P95_MS = 1000


def choose_people() -> dict:
    """The largest team, its busiest peer, its household with the longest history and that
    household's lead, a coordinator and a municipality analyst of it (made when missing)."""
    from datetime import timedelta

    from django.db.models import Count, Min, Q
    from django.utils import timezone

    from demo.datagen import GENERATED_PREFIX
    from outreach.models import Household, Municipality, Team, TeamMembership, User
    from outreach.models.users import Role

    if not Municipality.objects.filter(code__startswith=GENERATED_PREFIX).exists():
        raise SystemExit("No generated data set: run manage.py generate_data national first.")
    active = Q(households__assignments__ended_at__isnull=True)
    team = (
        Team.objects.annotate(cases=Count("households", filter=active))
        .order_by("-cases", "pk")
        .first()
    )
    busiest = (
        User.objects.filter(
            lead_assignments__ended_at__isnull=True, lead_assignments__household__team=team
        )
        .annotate(caseload=Count("lead_assignments"))
        .order_by("-caseload", "pk")
        .first()
    )
    three_years_ago = timezone.now() - timedelta(days=3 * 365)
    household = (
        Household.objects.filter(team=team, assignments__ended_at__isnull=True)
        .annotate(visit_count=Count("visits"), first_visit=Min("visits__started_at"))
        .filter(first_visit__lte=three_years_ago)
        .order_by("-visit_count", "pk")
        .first()
    )
    if household is None:  # a data set younger than 3 years: the longest history there is
        household = (
            Household.objects.filter(team=team, assignments__ended_at__isnull=True)
            .annotate(visit_count=Count("visits"), first_visit=Min("visits__started_at"))
            .order_by("first_visit", "-visit_count")
            .first()
        )
    lead = household.assignments.filter(ended_at__isnull=True).get().lead
    household.added_visits = extend_history(household, lead, three_years_ago)
    coordinator, _ = User.objects.update_or_create(
        username="bench-coordinator", defaults={"role": Role.COORDINATOR, "is_active": True}
    )
    TeamMembership.objects.filter(user=coordinator).exclude(team=team).delete()
    # Instructed in privacy, as every member who sees case records (without it the
    # coordinator's pages are empty, and an empty board was measured).
    TeamMembership.objects.update_or_create(
        user=coordinator, team=team, defaults={"privacy_instruction_on": three_years_ago.date()}
    )
    analyst, _ = User.objects.update_or_create(
        username="bench-municipality",
        defaults={"role": Role.MUNICIPALITY, "municipality": team.municipality},
    )
    return {
        "team": team,
        "busiest": busiest,
        "household": household,
        "lead": lead,
        "coordinator": coordinator,
        "analyst": analyst,
        "cases": team.cases,
    }


HISTORY_NOTES = "Benchmark history (bench_pages.py)"


def extend_history(household, lead, since) -> int:
    """The generated data sets begin on 1 January 2025: when the household's history is
    shorter than 3 years, visits every three weeks are added back to `since` (once; marked
    by their notes), as a household with 3 years of history would have."""
    from datetime import timedelta

    from outreach.models import Visit

    first = household.visits.order_by("started_at").values_list("started_at", flat=True)[0]
    if first <= since + timedelta(days=21):
        return 0
    moments = []
    moment = since
    while moment < first:
        moments.append(moment)
        moment += timedelta(days=21)
    visits = Visit.objects.bulk_create(
        Visit(household=household, started_at=moment, kind="home_visit",
              duration_minutes=45, notes=HISTORY_NOTES, recorded_by=lead)
        for moment in moments
    )  # fmt: skip
    Visit.peers.through.objects.bulk_create(
        Visit.peers.through(visit_id=visit.pk, user_id=lead.pk) for visit in visits
    )
    return len(visits)


def ensure_reach(municipality) -> None:
    from reach.models import ReachSnapshot
    from reach.services import reach_refresh

    if not ReachSnapshot.objects.filter(municipality_id=municipality.pk).exists():
        print(f"Refreshing the reach figures of {municipality} (once)...", flush=True)
        started = time.perf_counter()
        reach_refresh(municipality=municipality)
        print(f"  {time.perf_counter() - started:.0f} s", flush=True)


def session_client(user):
    """A test client logged in as `user` (a real session in the database): its cookie logs
    in the benchmark's connections, and the client itself counts a page's queries."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def count_queries(client, path: str) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    return len(queries), status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    began = time.perf_counter()
    ensure_database()
    from django.conf import settings
    from django.db import connections

    people = choose_people()
    ensure_reach(people["team"].municipality)
    household = people["household"]
    first = household.visits.order_by("started_at").values_list("started_at", flat=True)[0]
    print(
        f"Team {people['team']} ({people['cases']} cases); Today of {people['busiest']}; "
        f"household {household.reference} ({household.visits.count()} visits since "
        f"{first:%Y-%m-%d}, {household.added_visits} of them added now) as {people['lead']}.",
        flush=True,
    )
    scenarios = [
        ("page floor (baseline)", "/bench/page/", "lead"),
        ("a peer's Today", "/", "busiest"),
        ("household, 3 years of history", f"/households/{household.pk}/", "lead"),
        ("visit form", f"/households/{household.pk}/visit/", "lead"),
        ("coordinator: intake queue", "/coordinator/intake/", "coordinator"),
        ("coordinator: workload board", "/coordinator/workload/", "coordinator"),
        ("coordinator: overdue board", "/coordinator/overdue/", "coordinator"),
        ("municipality: dashboard", "/reach/", "analyst"),
    ]
    clients, queries = {}, {}
    for name, path, who in scenarios:
        if who not in clients:
            clients[who] = session_client(people[who])
        count, status = count_queries(clients[who], path)
        if status != 200:
            raise SystemExit(f"{name}: {path} answered {status} in process")
        queries[name] = count
    cookies = {
        who: {"Cookie": f"{settings.SESSION_COOKIE_NAME}="
              f"{client.cookies[settings.SESSION_COOKIE_NAME].value}"}
        for who, client in clients.items()
    }  # fmt: skip
    connections.close_all()
    load_before = os.getloadavg()
    server = start_server()
    results = {name: [] for name, *_ in scenarios}
    try:
        for _ in range(args.runs):
            for name, path, who in scenarios:
                results[name].append(drive("GET", path, None, "", args.seconds, cookies[who]))
    finally:
        server.terminate()
        server.wait()
    floor = statistics.median(rate for rate, _, _ in results[scenarios[0][0]])
    print(
        f"\n{'page':32} {'queries':>7} {'req/s':>7} {'p95 ms':>7} {'÷ floor':>7} "
        f"{'target':>12} errors"
    )
    for name, _path, _who in scenarios:
        rate = statistics.median(r for r, _, _ in results[name])
        p95 = statistics.median(p for _, p, _ in results[name])
        errors = sum(e for _, _, e in results[name])
        ratio = rate / floor
        holds = ratio >= TARGET_RATIO and p95 <= TARGET_P95_MS
        verdict = "" if name == scenarios[0][0] else ("ok" if holds else "MISS")
        print(
            f"{name:32} {queries[name]:7} {rate:7.0f} {p95:7.0f} {ratio:7.2f} "
            f"{'≥0.30, ≤1 s ' + verdict:>12} {errors}"
        )
    print(
        f"\nmedian of {args.runs} runs of {args.seconds:.0f} s, {CONNECTIONS} connections, "
        f"{os.cpu_count()} cores; load average before: "
        f"{' '.join(f'{x:.1f}' for x in load_before)}, after: "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
        f"{time.perf_counter() - began:.0f} s in all"
    )


if __name__ == "__main__":
    main()
