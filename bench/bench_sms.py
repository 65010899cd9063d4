"""Benchmark: SMS dispatch against a local fake Twilio, as a ratio of the fake's own rate.

The fake Twilio of the test suite (tests/notifications/fake_twilio.py) runs as a real HTTP
server on loopback in its own process. In the same run:

- baseline: the real Twilio SDK (our TwilioBackend) creating messages on the fake, one after
  the other: the most one dispatch worker could ever send;
- dispatch: `notifications.services.outbox.dispatch_due()` sending queued reminders to
  participants with consent (claim with SKIP LOCKED, the consent, opt-out, quiet-hour and
  cap checks, the send, the status update), on PostgreSQL, one worker.

Database work per message is measured two ways: the time of the queries themselves (as the
client sees them, Django's query log), and everything dispatch does besides the HTTP send
(queries plus Python), per message.

Run: `DEMO_MODE=1 .venv/bin/python bench/bench_sms.py [--messages 300] [--runs 5]`.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import DATABASE_URL, ensure_database  # noqa: E402 (sets the environment)

FAKE_PORT = 8766
os.environ.update(
    SMS_BACKEND="twilio",
    TWILIO_ACCOUNT_SID="ACtest",
    TWILIO_AUTH_TOKEN="bench-token",
    TWILIO_FROM="+3197000000000",
    TWILIO_MESSAGING_SERVICE_SID="",
    TWILIO_API_BASE_URL=f"http://127.0.0.1:{FAKE_PORT}",
    TWILIO_TIMEOUT_SECONDS="5",
)
PREFIX = "bench-sms"
BODY = "Morgen om 14:00 kookgroep in Buurthuis De Kroon. Tot dan! Stoppen? Stuur STOP."


def serve_fake() -> None:
    """The fake Twilio in this process (the benchmark starts it as a subprocess)."""
    from http.server import ThreadingHTTPServer

    from tests.notifications.fake_twilio import FakeTwilio, make_handler

    server = ThreadingHTTPServer(("127.0.0.1", FAKE_PORT), make_handler(FakeTwilio()))
    server.daemon_threads = True
    server.serve_forever()


def start_fake() -> subprocess.Popen:
    import socket

    process = subprocess.Popen([sys.executable, __file__, "--serve-fake"], cwd=ROOT)  # noqa: S603
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", FAKE_PORT), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the fake Twilio did not start")


class TimedBackend:
    """The real backend, keeping the time spent in the HTTP send."""

    def __init__(self, backend):
        self.backend, self.seconds, self.calls = backend, 0.0, 0

    def send(self, **kwargs):
        started = time.perf_counter()
        try:
            return self.backend.send(**kwargs)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1

    def find_sent(self, **kwargs):
        return self.backend.find_sent(**kwargs)


def clean() -> None:
    from notifications.models import OutboxMessage, Participant

    OutboxMessage.objects.filter(idempotency_key__startswith=PREFIX).delete()
    Participant.objects.filter(name__startswith=PREFIX).delete()


def enqueue(count: int, run: int, moment) -> None:
    """Reminders to `count` participants with consent, each their own number."""
    from notifications.models import MessageKind, Participant, ParticipantConsent
    from notifications.services.outbox import message_enqueue
    from outreach.models import Team

    team = Team.objects.order_by("pk").first()
    participants = Participant.objects.bulk_create(
        Participant(team=team, name=f"{PREFIX}-{run}-{i}", phone=f"+3162{run:02d}{i:05d}")
        for i in range(count)
    )
    ParticipantConsent.objects.bulk_create(
        ParticipantConsent(participant=p, method="written", text_version="2026-1")
        for p in participants
    )
    for participant in participants:
        message_enqueue(
            idempotency_key=f"{PREFIX}-{run}-{participant.pk}",
            kind=MessageKind.REMINDER,
            to=participant.phone,
            body=BODY,
            send_after=moment - timedelta(minutes=1),
            participant=participant,
            team=team,
        )


def one_run(count: int, run: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from notifications.backends import get_backend
    from notifications.models import OutboxMessage, OutboxStatus
    from notifications.services.outbox import dispatch_due

    clean()
    # A weekday afternoon: outside quiet hours whenever the benchmark runs.
    moment = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    enqueue(count, run, moment)
    backend = get_backend()
    started = time.perf_counter()
    for i in range(count):
        backend.send(to=f"+3163{run:02d}{i:05d}", body=BODY)
    fake_rate = count / (time.perf_counter() - started)

    timed = TimedBackend(get_backend())
    sent = 0
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        while True:
            done = dispatch_due(now=moment, backend=timed)
            if not done:
                break
            sent += done
        elapsed = time.perf_counter() - started
    stored = OutboxMessage.objects.filter(
        idempotency_key__startswith=f"{PREFIX}-{run}-", status=OutboxStatus.SENT
    ).count()
    query_seconds = sum(float(q["time"]) for q in queries.captured_queries)
    if os.environ.get("BENCH_SHOW_QUERIES"):
        by_kind = {}
        for q in queries.captured_queries:
            kind = q["sql"][:70]
            total, n = by_kind.get(kind, (0.0, 0))
            by_kind[kind] = (total + float(q["time"]), n + 1)
        for kind, (total, n) in sorted(by_kind.items(), key=lambda kv: -kv[1][0])[:12]:
            print(f"{total * 1000 / sent:7.2f} ms/message {n:5} x {kind}")
    clean()
    # How long the simplest query takes right now: on a busy machine this, not our queries,
    # is most of the database time.
    with connection.cursor() as cursor:
        trips = []
        for _ in range(100):
            began = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            trips.append(time.perf_counter() - began)
    return {
        "select_1_ms": statistics.median(trips) * 1000,
        "fake_rate": fake_rate,
        "dispatch_rate": sent / elapsed,
        "ratio": (sent / elapsed) / fake_rate,
        "sent": sent,
        "stored_sent": stored,
        "query_ms": query_seconds / sent * 1000,
        "besides_send_ms": (elapsed - timed.seconds) / sent * 1000,
        "queries_per_message": len(queries.captured_queries) / sent,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--serve-fake", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fake:
        serve_fake()
        return
    ensure_database()
    from outreach.models import Municipality, Team

    if not Team.objects.exists():  # an empty database: one team is all this needs
        municipality, _ = Municipality.objects.get_or_create(code="GM9999", name="Bench")
        Team.objects.create(municipality=municipality, name="Bench")
    fake = start_fake()
    try:
        results = [one_run(args.messages, run) for run in range(args.runs)]
    finally:
        fake.terminate()
        fake.wait()
    for result in results:
        print(
            f"fake {result['fake_rate']:.0f}/s dispatch {result['dispatch_rate']:.0f}/s "
            f"ratio {result['ratio']:.2f}; queries {result['query_ms']:.2f} ms/message, "
            f"{result['queries_per_message']:.1f} queries/message (SELECT 1 takes "
            f"{result['select_1_ms']:.2f} ms); all besides the send "
            f"{result['besides_send_ms']:.2f} ms/message; sent {result['sent']}, "
            f"stored as sent {result['stored_sent']}"
        )

    def median(key):
        return statistics.median(r[key] for r in results)

    ratio_ok = "ok" if median("ratio") >= 0.5 else "MISS"
    db_ok = "ok" if median("query_ms") <= 5 else "MISS"
    print(
        f"\nmedian of {args.runs} runs of {args.messages} messages: dispatch "
        f"{median('dispatch_rate'):.0f}/s, fake Twilio {median('fake_rate'):.0f}/s, ratio "
        f"{median('ratio'):.2f} (target ≥ 0.50 {ratio_ok}); database work "
        f"{median('query_ms'):.2f} ms/message in {median('queries_per_message'):.1f} queries "
        f"(target ≤ 5 ms {db_ok}; SELECT 1 {median('select_1_ms'):.2f} ms); everything besides "
        f"the send {median('besides_send_ms'):.2f} ms/message. Database "
        f"{DATABASE_URL.rsplit('/', 1)[1]}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
