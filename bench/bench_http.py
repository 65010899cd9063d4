"""Benchmark: the API under load, as ratios against a trivial view on the same server.

Starts gunicorn on PostgreSQL with the municipal data set (10k households, 100k visits;
generated once into the database named by BENCH_DATABASE_URL), then drives it with 8
keep-alive connections per scenario, authenticated as a peer with a token:

- baseline: GET /bench/trivial/ (a Django view that does nothing);
- the floor: the cheapest API call (one provision of the catalogue), which pays what every
  API call pays (token, DRF, JSON); target at least 0.35 times the trivial view;
- log a visit: POST /api/v1/visits/ (a new client UUID each time);
- a peer's household list, 50 per page: GET /api/v1/households/?page_size=50;
- a household's detail: GET /api/v1/households/{id}/;
- a reach request as the municipality (bench_reach.municipality_user), from the store;
  these four with targets as ratios to the floor (0.5, 0.5, 0.5, 0.8).

Prints requests per second, p95 latency and the ratios to the trivial view and the floor of
the same run.
Run: `DEMO_MODE=1 .venv/bin/python bench/bench_http.py [--seconds 10] [--runs 3]`.
"""

import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import CONNECTIONS, PORT, prepare, start_server

BENCH_NOTES = "Benchmark (bench_http.py)"


def drive(
    method: str,
    path,
    body,
    token: str,
    seconds: float,
    headers: dict | None = None,
    port: int = PORT,
) -> tuple[float, float, int]:
    """CONNECTIONS threads with keep-alive connections; returns (req/s, p95 ms, errors).
    As a peer with `token`, or with `headers` instead (a page's session cookie)."""
    headers = headers or {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            payload = json.dumps(body()) if body else None
            start = time.perf_counter()
            conn.request(method, path, body=payload, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            failed += not 200 <= response.status < 300  # a redirect is no answer either
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    return len(latencies) / elapsed, p95, errors


def forget_benchmark_visits() -> None:
    """Remove the visits a run logged (thousands, all to one household), so that runs do not
    pile them up in the data set and measure a household no real one looks like."""
    from django.apps import apps
    from django.db import connections

    from outreach.models import Visit

    Visit.objects.filter(notes=BENCH_NOTES).delete()
    history_peers = apps.get_model("outreach", "HistoricalVisit_peers")
    history_peers.objects.filter(history__notes=BENCH_NOTES).delete()
    Visit.history.filter(notes=BENCH_NOTES).delete()
    connections.close_all()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    peer = prepare()[0]
    token, household = peer["token"], peer["households"][0]
    print(f"Peer {peer['username']} with {len(peer['households'])} households.", flush=True)
    visit = lambda: {  # noqa: E731
        "household": household,
        "client_uuid": str(uuid.uuid4()),
        "kind": "home_visit",
        "duration_minutes": 45,
        "notes": BENCH_NOTES,
    }
    from bench.bench_reach import municipality_user
    from reach.models import ReachSnapshot
    from reach.services import reach_refresh

    municipality, reach_token = municipality_user()
    if not ReachSnapshot.objects.filter(municipality_id=municipality.pk).exists():
        reach_refresh(municipality=municipality)
    # (name, method, path, body, token, target, what the target is a ratio to)
    scenarios = [
        ("baseline: trivial view", "GET", "/bench/trivial/", None, token, None, None),
        # The floor of any API call (token, DRF, JSON): the cheapest call there is.
        ("floor: 1 provision (API)", "GET", "/api/v1/provisions/?page_size=1", None, token,
         0.35, "trivial"),
        ("log a visit (POST /visits/)", "POST", "/api/v1/visits/", visit, token, 0.5, "floor"),
        ("household list, 50/page", "GET", "/api/v1/households/?page_size=50", None, token,
         0.5, "floor"),
        ("household detail", "GET", f"/api/v1/households/{household}/", None, token, 0.5,
         "floor"),
        ("reach request (municipality)", "GET", f"/api/v1/reach/?municipality={municipality.code}",
         None, reach_token, 0.8, "floor"),
    ]  # fmt: skip
    from django.db import connections

    connections.close_all()
    forget_benchmark_visits()
    load_before = os.getloadavg()
    server = start_server()
    try:
        results = {name: [] for name, *_ in scenarios}
        for _ in range(args.runs):
            for name, method, path, body, who, _target, _of in scenarios:
                results[name].append(drive(method, path, body, who, args.seconds))
    finally:
        server.terminate()
        server.wait()
        forget_benchmark_visits()
    rates = {name: statistics.median(r for r, _, _ in results[name]) for name in results}
    bases = {"trivial": rates[scenarios[0][0]], "floor": rates[scenarios[1][0]]}
    print(
        f"\n{'scenario':32} {'req/s':>8} {'p95 ms':>7} {'÷ trivial':>9} {'÷ floor':>7} "
        f"{'target':>16} errors"
    )
    for name, _m, _p, _b, _who, target, of in scenarios:
        rate = rates[name]
        p95 = statistics.median(p for _, p, _ in results[name])
        errors = sum(e for _, _, e in results[name])
        verdict = (
            ""
            if target is None
            else f"≥{target:.2f} x {of} " + ("ok" if rate / bases[of] >= target else "MISS")
        )
        print(
            f"{name:32} {rate:8.0f} {p95:7.1f} {rate / bases['trivial']:9.2f} "
            f"{rate / bases['floor']:7.2f} {verdict:>16} {errors}"
        )
    print(
        f"\nmedian of {args.runs} runs of {args.seconds:.0f} s, {CONNECTIONS} connections, "
        f"{os.cpu_count()} cores; load average before: "
        f"{' '.join(f'{x:.1f}' for x in load_before)}, after: "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
