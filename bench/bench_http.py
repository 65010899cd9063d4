"""Benchmark: the API under load, as ratios against a trivial view on the same server.

Starts gunicorn on PostgreSQL with the municipal data set (10k households, 100k visits;
generated once into the database named by BENCH_DATABASE_URL), then drives it with 8
keep-alive connections per scenario, authenticated as a peer with a token:

- baseline: GET /bench/trivial/ (a Django view that does nothing);
- not a target, for comparison: the cheapest API call (one provision of the catalogue),
  which pays what every API call pays (token, transaction, DRF, JSON, the access log);
- log a visit: POST /api/v1/visits/ (a new client UUID each time);
- a peer's household list, 50 per page: GET /api/v1/households/?page_size=50;
- a household's detail: GET /api/v1/households/{id}/.

Prints requests per second, p95 latency and the ratio to the baseline of the same run.
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
    scenarios = [
        ("baseline: trivial view", "GET", "/bench/trivial/", None, None),
        # Not a target: the floor of any API call (token, transaction, DRF, JSON), to show
        # how much of an endpoint's cost is its own.
        ("floor: 1 provision (API)", "GET", "/api/v1/provisions/?page_size=1", None, None),
        ("log a visit (POST /visits/)", "POST", "/api/v1/visits/", visit, 0.15),
        ("household list, 50/page", "GET", "/api/v1/households/?page_size=50", None, 0.20),
        ("household detail", "GET", f"/api/v1/households/{household}/", None, 0.20),
    ]
    forget_benchmark_visits()
    server = start_server()
    try:
        results = {name: [] for name, *_ in scenarios}
        for _ in range(args.runs):
            for name, method, path, body, _target in scenarios:
                results[name].append(drive(method, path, body, token, args.seconds))
    finally:
        server.terminate()
        server.wait()
        forget_benchmark_visits()
    baseline = statistics.median(rate for rate, _, _ in results[scenarios[0][0]])
    floor = statistics.median(rate for rate, _, _ in results[scenarios[1][0]])
    print(
        f"\n{'scenario':32} {'req/s':>8} {'p95 ms':>7} {'ratio':>6} {'target':>7} "
        f"{'vs floor':>8} errors"
    )
    for name, _m, _p, _b, target in scenarios:
        rate = statistics.median(r for r, _, _ in results[name])
        p95 = statistics.median(p for _, p, _ in results[name])
        errors = sum(e for _, _, e in results[name])
        ratio = rate / baseline
        verdict = (
            "" if target is None else (f"≥{target:.2f} " + ("ok" if ratio >= target else "MISS"))
        )
        print(
            f"{name:32} {rate:8.0f} {p95:7.1f} {ratio:6.2f} {verdict:>7} "
            f"{rate / floor:8.2f} {errors}"
        )
    print(
        f"\nmedian of {args.runs} runs of {args.seconds:.0f} s, {CONNECTIONS} connections, "
        f"{os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
