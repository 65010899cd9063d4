"""Load and fault test: 50 simulated peers against gunicorn on PostgreSQL, then an audit of
the database: exactly one visit per acknowledged request, none lost, none doubled.

    DEMO_MODE=1 .venv/bin/python bench/load_test.py [--users 50] [--minutes 2]
        [--restart-postgres]      # restart PostgreSQL half-way (needs pg_ctlcluster; root)

Needs the load tools: `.venv/bin/pip install -r requirements-load.txt`. A fifth of the
simulated phones send each visit twice (a lost answer), and every visit answered 503 during
a database outage is sent again afterwards with the same UUID, as the phone app does.
Exits non-zero when any check fails.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import PORT, ROOT, prepare, start_server


def restart_postgres_after(seconds: float, log: list, outage: float) -> threading.Thread:
    """Stop PostgreSQL (fast: open connections are cut), keep it down for `outage`
    seconds so that the load meets it, then start it again."""

    def restart():
        time.sleep(seconds)
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        log.append(("stop", time.time()))
        subprocess.run(  # noqa: S603
            ["/usr/bin/pg_ctlcluster", version, "main", "stop", "--mode=fast"], check=True
        )
        log.append(("stopped", time.time()))
        time.sleep(outage)
        subprocess.run(["/usr/bin/pg_ctlcluster", version, "main", "start"], check=True)  # noqa: S603
        log.append(("started", time.time()))

    thread = threading.Thread(target=restart)
    thread.start()
    return thread


def health_during(seconds: float, answers: list) -> threading.Thread:
    """Ask /healthz every 0.2 s: the outage must show as 503, never as a hang or a 500."""

    def poll():
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                # A saturated server answers slowly; only a hang or an error is a failure.
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=20) as r:
                    answers.append((time.time(), r.status))
            except urllib.error.HTTPError as error:
                answers.append((time.time(), error.code))
            except OSError:
                answers.append((time.time(), "no answer"))
            time.sleep(0.2)

    thread = threading.Thread(target=poll)
    thread.start()
    return thread


def resend(pending: dict[str, tuple[str, str]]) -> set[str]:
    """Send again, with the same UUID and token, every visit that met a 503 and was never
    acknowledged, as the phone does once the connection works; return those acknowledged."""
    import http.client

    acknowledged = set()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    for client_uuid, (household, token) in pending.items():
        body = {
            "household": int(household),
            "client_uuid": client_uuid,
            "kind": "home_visit",
            "duration_minutes": 45,
            "notes": "Load test",
        }
        conn.request(
            "POST",
            "/api/v1/visits/",
            body=json.dumps(body),
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )
        response = conn.getresponse()
        response.read()
        if response.status in (200, 201):
            acknowledged.add(client_uuid)
    return acknowledged


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=2)
    parser.add_argument("--restart-postgres", action="store_true")
    parser.add_argument(
        "--outage-seconds", type=float, default=5, help="how long PostgreSQL stays down"
    )
    parser.add_argument(
        "--retry-share",
        type=float,
        default=0.2,
        help="share of visits a phone sends twice with the same UUID (a lost answer)",
    )
    args = parser.parse_args()
    peers = prepare(args.users)
    work = Path(tempfile.mkdtemp())
    (work / "peers.json").write_text(json.dumps(peers))
    ledger = work / "ledger.txt"

    from outreach.models import Visit

    before = Visit.objects.filter(notes="Load test").count()
    server = start_server()
    seconds = args.minutes * 60
    restarts: list = []
    health_times: list = []
    threads = [health_during(seconds, health_times)]
    if args.restart_postgres:
        threads.append(restart_postgres_after(seconds / 2, restarts, args.outage_seconds))
    try:
        locust = subprocess.run(  # noqa: S603
            [
                str(ROOT / ".venv/bin/locust"),
                "-f",
                str(ROOT / "bench/locustfile.py"),
                "--headless",
                f"--users={args.users}",
                f"--spawn-rate={args.users}",
                f"--run-time={int(seconds)}s",
                # Requests under way at the end get their answer (not cut off as errors).
                "--stop-timeout=60",
                f"--host=http://127.0.0.1:{PORT}",
                "--only-summary",
                f"--csv={work / 'locust'}",
            ],
            env={
                **os.environ,
                "LOAD_PEERS_FILE": str(work / "peers.json"),
                "LOAD_LEDGER_FILE": str(ledger),
                "LOAD_RETRY_SHARE": str(args.retry_share),
            },
            check=False,
        )
        for thread in threads:
            thread.join()
        acknowledged, pending, unavailable = set(), {}, 0
        for line in ledger.read_text().splitlines():
            kind, client_uuid, *rest = line.split()
            if kind == "ack":
                acknowledged.add(client_uuid)
            elif kind == "sent":
                pending[client_uuid] = tuple(rest)
            else:  # "retry" (a visit answered 503) or "unavailable" (a read answered 503)
                unavailable += 1
        pending = {u: v for u, v in pending.items() if u not in acknowledged}
        health = [code for _, code in health_times]
        resent = resend(pending)
        acknowledged |= resent
    finally:
        server.terminate()
        server.wait()

    from django.db import connections

    connections.close_all()  # this process's connection did not survive a restart
    stored = Visit.objects.filter(notes="Load test").count() - before
    stored_acknowledged = Visit.objects.filter(client_uuid__in=list(acknowledged)).count()
    stats = (work / "locust_stats.csv").read_text().splitlines()
    failures = sum(int(row.split(",")[3]) for row in stats[1:] if row.split(",")[1] != "Aggregated")
    print("\nrequests by endpoint (locust):\n" + "\n".join(stats))
    print(
        f"acknowledged visits {len(acknowledged)}, stored {stored}, "
        f"of which acknowledged {stored_acknowledged}; sent again after the run (no "
        f"answer or 503): "
        f"{len(pending)} (acknowledged again: {len(resent)})"
    )
    print(f"answers 503 (database away) to the simulated phones: {unavailable}")
    counts = {str(code): health.count(code) for code in set(health)}
    print(f"/healthz answers during the run: {counts}")
    if restarts:
        codes = {str(code) for code in health}
        began = restarts[0][1]
        # Recovered: the first 200 after the first 503, not a 200 answered while the stop
        # was still under way.
        first_503 = next(
            (when for when, code in health_times if when > began and code == 503), None
        )
        recovered = next(
            (
                when - began
                for when, code in health_times
                if first_503 is not None and when > first_503 and code == 200
            ),
            None,
        )
        print(
            f"PostgreSQL down {restarts[-1][1] - began:.1f} s ({restarts}); /healthz answers "
            f"seen: {sorted(codes)}; first 200 again {recovered:.1f} s after the stop began"
            if recovered is not None
            else f"PostgreSQL restart {restarts}; /healthz answers seen: {sorted(codes)}; "
            + ("no 503 seen" if first_503 is None else "never 200 again after the first 503")
        )
    checks = {
        "locust ran": locust.returncode in (0, 1),
        "no failed requests": failures == 0,
        "every acknowledged visit stored once": stored_acknowledged == len(acknowledged),
        "nothing stored twice or unacknowledged": stored == len(acknowledged),
        "health answered 200 at the end": bool(health) and health[-1] == 200,
    }
    if args.restart_postgres:
        checks["outage seen as 503 by /healthz"] = 503 in health
        checks["outage seen as 503 by the phones"] = unavailable > 0
        checks["health never hung or failed otherwise"] = set(health) <= {200, 503}
    else:
        checks["no 503 without an outage"] = unavailable == 0 and set(health) == {200}
    for name, passed in checks.items():
        print(f"{'ok  ' if passed else 'FAIL'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
