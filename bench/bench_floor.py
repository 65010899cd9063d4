"""Benchmark: the floor of every authenticated API call, with and without each saving.

The cheapest API call (one provision of the catalogue, as a peer with a token) against the
trivial view, on gunicorn servers that differ in one setting each, all in one run:

- before: every token looked up in the database, every read in a transaction;
- token cache: the token through the cache (API_TOKEN_CACHE_SECONDS, Redis as CACHE_URL);
- reads without transaction: no BEGIN/COMMIT around API reads (outreach.db);
- both: what the product does now.

Each run starts each variant's server in turn (the order rotates between runs), and drives
the trivial view and the cheapest call on it with 8 keep-alive connections. Prints, per
variant, the median req/s, the floor as a ratio to the trivial view of the same server, and
the floor as a ratio to the floor of "before" in the same run.
Run: `DEMO_MODE=1 .venv/bin/python bench/bench_floor.py [--seconds 8] [--runs 3]`.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_http import drive
from bench.harness import CONNECTIONS, prepare, start_server

VARIANTS = [
    ("before", {"API_TOKEN_CACHE_SECONDS": "0", "BENCH_READS_IN_TRANSACTION": "1"}),
    ("token cache", {"API_TOKEN_CACHE_SECONDS": "300", "BENCH_READS_IN_TRANSACTION": "1"}),
    ("reads without transaction", {"API_TOKEN_CACHE_SECONDS": "0"}),
    ("both (the product)", {"API_TOKEN_CACHE_SECONDS": "300"}),
]
FLOOR = "/api/v1/provisions/?page_size=1"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    token = prepare()[0]["token"]
    trivial = {name: [] for name, _ in VARIANTS}
    floor = {name: [] for name, _ in VARIANTS}
    ratio_to_before = {name: [] for name, _ in VARIANTS}
    for run in range(args.runs):
        order = VARIANTS[run % len(VARIANTS) :] + VARIANTS[: run % len(VARIANTS)]
        this_run = {}
        for name, env in order:
            server = start_server(env)
            try:
                drive("GET", FLOOR, None, token, 2)  # warm: the token cached, plans made
                trivial[name].append(drive("GET", "/bench/trivial/", None, token, args.seconds))
                this_run[name] = drive("GET", FLOOR, None, token, args.seconds)
                floor[name].append(this_run[name])
            finally:
                server.terminate()
                server.wait()
        for name, _ in VARIANTS:
            ratio_to_before[name].append(this_run[name][0] / this_run["before"][0])
        print(f"run {run + 1}: " + ", ".join(f"{n} {r:.0f}/s" for n, (r, *_) in this_run.items()))
    print(
        f"\n{'variant':28} {'trivial/s':>9} {'floor/s':>8} {'p95 ms':>7} {'÷ trivial':>9} "
        f"{'÷ before':>8} errors"
    )
    for name, _ in VARIANTS:
        rate = statistics.median(r for r, _, _ in floor[name])
        base = statistics.median(r for r, _, _ in trivial[name])
        p95 = statistics.median(p for _, p, _ in floor[name])
        errors = sum(e for _, _, e in floor[name]) + sum(e for _, _, e in trivial[name])
        ratio = statistics.median(
            f[0] / t[0] for f, t in zip(floor[name], trivial[name], strict=True)
        )
        print(
            f"{name:28} {base:9.0f} {rate:8.0f} {p95:7.1f} {ratio:9.2f} "
            f"{statistics.median(ratio_to_before[name]):8.2f} {errors}"
        )
    print(
        f"\nmedian of {args.runs} runs of {args.seconds:.0f} s, {CONNECTIONS} connections, "
        f"{os.cpu_count()} cores; load before: {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
