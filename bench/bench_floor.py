"""Benchmark: the floor of every authenticated API call, with and without each saving.

The cheapest API call (one provision of the catalogue, as a peer with a token) against the
trivial view, on gunicorn servers that differ in one setting each, all in one run:

- before: every token looked up in the database, every read in a transaction;
- token cache: the token through the cache (API_TOKEN_CACHE_SECONDS, Redis as CACHE_URL);
- reads without transaction: no BEGIN/COMMIT around API reads (outreach.db);
- both: what the product does now.

All four servers run at once on their own ports (idle while another is measured), and the
measuring goes round them in short turns, the order rotating each round: on a busy machine
the load then falls on every variant alike, where whole runs one after the other measured
the machine's moods (a first version: the same variant 95 and 244 req/s in two runs). Each
turn drives the trivial view, then the cheapest call, with 8 keep-alive connections. Prints,
per variant, the req/s over all its turns, the floor as a ratio to the trivial view of the
same server, and the floor as a ratio to that of "before".
Run: `DEMO_MODE=1 .venv/bin/python -m bench.bench_floor [--seconds 3] [--rounds 20]`.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_http import drive
from bench.harness import CONNECTIONS, PORT, prepare, start_server

VARIANTS = [
    ("before", {"API_TOKEN_CACHE_SECONDS": "0", "BENCH_READS_IN_TRANSACTION": "1"}),
    ("token cache", {"API_TOKEN_CACHE_SECONDS": "300", "BENCH_READS_IN_TRANSACTION": "1"}),
    ("reads without transaction", {"API_TOKEN_CACHE_SECONDS": "0"}),
    ("both (the product)", {"API_TOKEN_CACHE_SECONDS": "300"}),
]
FLOOR = "/api/v1/provisions/?page_size=1"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3, help="per turn")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    token = prepare()[0]["token"]
    load_before = os.getloadavg()
    ports = {name: PORT + 10 + number for number, (name, _) in enumerate(VARIANTS)}
    servers = [start_server(env, ports[name]) for name, env in VARIANTS]
    # Per variant: requests and seconds of all its turns, and the p95 of each turn.
    counts = {name: {"trivial": [0.0, 0.0], "floor": [0.0, 0.0], "p95": []} for name in ports}
    errors = 0
    try:
        for name in ports:  # warm: the token cached, the plans made, the workers started
            drive("GET", FLOOR, None, token, 2, port=ports[name])
        for round_number in range(args.rounds):
            shift = round_number % len(VARIANTS)
            for name, _env in VARIANTS[shift:] + VARIANTS[:shift]:
                for kind, path in (("trivial", "/bench/trivial/"), ("floor", FLOOR)):
                    rate, p95, failed = drive(
                        "GET", path, None, token, args.seconds, port=ports[name]
                    )
                    counts[name][kind][0] += rate * args.seconds
                    counts[name][kind][1] += args.seconds
                    errors += failed
                    if kind == "floor":
                        counts[name]["p95"].append(p95)
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    rates = {
        name: {kind: counts[name][kind][0] / counts[name][kind][1] for kind in ("trivial", "floor")}
        for name in ports
    }
    before = rates["before"]["floor"]
    print(
        f"{'variant':28} {'trivial/s':>9} {'floor/s':>8} {'p95 ms':>7} {'÷ trivial':>9} "
        f"{'÷ before':>8}"
    )
    for name in ports:
        trivial, floor = rates[name]["trivial"], rates[name]["floor"]
        p95 = statistics.median(counts[name]["p95"])
        print(
            f"{name:28} {trivial:9.0f} {floor:8.0f} {p95:7.1f} {floor / trivial:9.2f} "
            f"{floor / before:8.2f}"
        )
    print(
        f"\n{args.rounds} rounds of {args.seconds:.0f} s turns, {CONNECTIONS} connections, "
        f"{os.cpu_count()} cores; {errors} errors; load average before: "
        f"{' '.join(f'{x:.1f}' for x in load_before)}, after: "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
