"""Benchmark: how fast text messages go out, with one and with two workers, against a local
fake Twilio that answers like Twilio's API (after `--latency` seconds).

The fake Twilio of the test suite (tests/notifications/fake_twilio.py) runs as a real HTTP
server on loopback in its own process; the workers are real `manage.py run_outbox`
processes (the same `dispatch_due` the Celery task runs) on PostgreSQL, with the real twilio
SDK, on the default sending settings unless told otherwise (SMS_SEND_CONCURRENCY,
SMS_SEND_RATE_PER_SECOND in the environment). Each run queues `--messages` reminders to
participants with consent, starts the workers and counts at the fake until every message
has arrived; then it checks that none arrived twice.

First, unless `--baseline 0`, a baseline in the same run: `--baseline` messages (300) sent
one after the other (one worker, SMS_SEND_CONCURRENCY=1); each run's rate is also given as
a ratio to it. Reported per run: the fake's capacity (the most creates a second it
answers, measured with 16 clients at once), the time from the workers' start to the last
message (with their start-up), and the rate from the 10th to the 90th percent of the
messages (the steady rate).

Run: `DEMO_MODE=1 .venv/bin/python bench/bench_sms.py [--messages 2000] [--workers 1 2]`
(BENCH_SMS_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/outreach_sms, is
created and migrated on first use; its outbox and participants are wiped on every run).
"""

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sms_crash_loop import DATABASE_URL, create_database  # noqa: E402
from bench.sms_crash_loop import worker_env as crash_loop_worker_env  # noqa: E402

FAKE_PORT = 8767
BODY = "Morgen om 14:00 kookgroep in Buurthuis De Kroon. Tot dan! Stoppen? Stuur STOP."
LIST_URL = f"http://127.0.0.1:{FAKE_PORT}/2010-04-01/Accounts/ACtest/Messages.json"


def serve_fake(latency: float) -> None:
    """The fake Twilio in this process (the benchmark starts it as a subprocess)."""
    from http.server import ThreadingHTTPServer

    from tests.notifications.fake_twilio import FakeTwilio, make_handler

    server = ThreadingHTTPServer(
        ("127.0.0.1", FAKE_PORT), make_handler(FakeTwilio(latency=latency))
    )
    server.daemon_threads = True
    server.request_queue_size = 128
    server.serve_forever()


def start_fake(latency: float) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 - this file, fixed arguments
        [sys.executable, __file__, "--serve-fake", "--latency", str(latency)], cwd=ROOT
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", FAKE_PORT), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the fake Twilio did not start")


def worker_env() -> dict:
    """The crash loop's worker settings (no quiet hours, no caps, the fake Twilio), without
    its short timeout and lease, which are there to make a kill land mid-send."""
    env = crash_loop_worker_env(FAKE_PORT)
    for name in ("TWILIO_TIMEOUT_SECONDS", "SMS_CLAIM_LEASE_SECONDS"):
        env.pop(name)
    return env


def arrived() -> list[str]:
    with urllib.request.urlopen(LIST_URL, timeout=30) as answer:
        return [m["to"] for m in json.load(answer)["messages"]]


def fake_capacity(seconds: float = 3.0, clients: int = 16) -> float:
    """Creates a second the fake answers with 16 clients at once, each through its own SDK
    client (a refused connection under load is not counted)."""
    from notifications.backends import PermanentSendError
    from notifications.backends.twilio import TwilioBackend

    stop, done = time.monotonic() + seconds, []

    def client(n):
        backend, count = TwilioBackend(), 0
        while time.monotonic() < stop:
            try:
                backend.send(to=f"+3169{n:03d}{count:05d}", body=BODY)
                count += 1
            except PermanentSendError:
                pass
        done.append(count)

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return sum(done) / (time.monotonic() - started)


def seed(count: int) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from notifications.models import (
        MessageKind,
        OutboxMessage,
        Participant,
        ParticipantConsent,
        PeriodicJobRun,
    )
    from outreach.models import Municipality, Team

    OutboxMessage.objects.all().delete()
    Participant.objects.all().delete()
    # The workers' periodic jobs (planning, the nightly ones) are not what is measured.
    now = timezone.now()
    from django.conf import settings

    for name in settings.CELERY_BEAT_SCHEDULE:
        PeriodicJobRun.objects.update_or_create(name=name, defaults={"last_run_at": now})
    municipality, _ = Municipality.objects.get_or_create(code="GM9998", defaults={"name": "B"})
    team, _ = Team.objects.get_or_create(municipality=municipality, name="Bench")
    participants = Participant.objects.bulk_create(
        Participant(team=team, name=f"P{i}", phone=f"+3162{i:07d}") for i in range(count)
    )
    ParticipantConsent.objects.bulk_create(
        ParticipantConsent(participant=p, method="written", text_version="2026-1")
        for p in participants
    )
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            idempotency_key=f"bench:{p.pk}",
            kind=MessageKind.REMINDER,
            to=p.phone,
            body=BODY,
            send_after=now - timedelta(minutes=1),
            participant=p,
            team=team,
            segments=1,
        )
        for p in participants
    )


def one_run(messages: int, workers: int, latency: float, settings: dict | None = None) -> dict:
    fake = start_fake(latency)
    try:
        capacity = fake_capacity()
        seed(messages)
        before = len(arrived())
        started = time.monotonic()
        processes = [
            subprocess.Popen(
                [sys.executable, "manage.py", "run_outbox", "--interval", "1"],
                cwd=ROOT,
                env={**worker_env(), **(settings or {})},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(workers)
        ]
        marks, count = {}, 0
        while count < messages and time.monotonic() - started < 3600:
            time.sleep(0.2)
            count = len(arrived()) - before
            for share in (0.1, 0.9, 1.0):
                if count >= share * messages and share not in marks:
                    marks[share] = time.monotonic()
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
        sent = Counter(arrived()[before:])
    finally:
        fake.terminate()
        fake.wait()
    return {
        "workers": workers,
        "capacity": capacity,
        "seconds": marks[1.0] - started,
        "steady": 0.8 * messages / (marks[0.9] - marks[0.1]),
        "duplicates": sum(n - 1 for n in sent.values() if n > 1),
        "arrived": len(sent),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--latency", type=float, default=0.2, help="seconds the fake answers in")
    parser.add_argument(
        "--baseline",
        type=int,
        default=300,
        help="messages first sent one after the other (one worker, one send at a time): the "
        "baseline of the ratios, in the same run; 0 for none",
    )
    parser.add_argument("--serve-fake", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fake:
        serve_fake(args.latency)
        return
    os.environ.update(worker_env())
    create_database()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT,
        env=worker_env(), check=True,
    )  # fmt: skip
    import django

    django.setup()
    from django.conf import settings

    print(
        f"{args.messages} messages; fake Twilio answers in {args.latency:.2f} s; per worker "
        f"SMS_SEND_CONCURRENCY={settings.SMS_SEND_CONCURRENCY}, "
        f"SMS_SEND_RATE_PER_SECOND={settings.SMS_SEND_RATE_PER_SECOND:g}"
    )
    baseline = None
    if args.baseline:
        result = one_run(args.baseline, 1, args.latency, {"SMS_SEND_CONCURRENCY": "1"})
        baseline = result["steady"]
        print(
            f"baseline, one after the other (1 worker, SMS_SEND_CONCURRENCY=1): "
            f"{baseline:.1f} messages/s steady, {args.baseline} messages; duplicates "
            f"{result['duplicates']}",
            flush=True,
        )
    for workers in args.workers:
        result = one_run(args.messages, workers, args.latency)
        ratio = f" ({result['steady'] / baseline:.1f}x one after the other)" if baseline else ""
        print(
            f"{workers} worker(s): {result['steady']:.1f} messages/s steady{ratio}, all "
            f"{args.messages} in {result['seconds']:.0f} s from the workers' start; fake's "
            f"capacity {result['capacity']:.0f}/s; arrived {result['arrived']}, duplicates "
            f"{result['duplicates']}",
            flush=True,
        )
    print(
        f"database {DATABASE_URL.rsplit('/', 1)[1]}, {platform.node()}, {os.cpu_count()} "
        f"cores, load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
