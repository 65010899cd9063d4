"""The SMS crash test, repeated: a worker killed (SIGKILL) while Twilio holds a message it
has not answered, then a new worker; every message must reach Twilio exactly once.

    DEMO_MODE=1 .venv/bin/python -m bench.sms_crash_loop --runs 100

PostgreSQL (BENCH_SMS_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/outreach_sms,
created and migrated on first use; its outbox and participants are wiped on every run), the
real twilio SDK in real `manage.py run_outbox` processes, against the local fake Twilio of
the tests on 127.0.0.1 (nothing leaves the machine). Each run hangs Twilio's answer to a
different message of the batch, so the kill lands at a different point. Bounded in time:
each run by --run-timeout, the whole loop by --max-minutes (what ran is reported).
Exit status 1 when any run produced a duplicate, lost a message or left a row not `sent`.

    DEMO_MODE=1 .venv/bin/python -m bench.sms_crash_loop --faults --messages 200 --runs 3

runs instead the fault test of the suite (tests/notifications/test_faults.py) at a larger
size: a fake Twilio that answers 30 % of all calls late (having created the message, or
not), with 500 or with 429; one Celery worker on its default settings, two Celery workers
(Redis: BENCH_SMS_REDIS_URL, default redis://127.0.0.1:6379/9), and two embedded workers
of which one is killed with SIGKILL half-way, each `--runs` times."""

import argparse
import os
import platform
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.notifications.fake_twilio import start_fake_twilio  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_SMS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/outreach_sms"
)


def worker_env(port: int) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEMO_MODE": "1",
        "DATABASE_URL": DATABASE_URL,
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "WARNING",
        "SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": "ACtest",
        "TWILIO_AUTH_TOKEN": "test-token",
        "TWILIO_FROM": "+3197000000000",
        "TWILIO_MESSAGING_SERVICE_SID": "",
        "TWILIO_API_BASE_URL": f"http://127.0.0.1:{port}",
        # The worker gives up waiting after 1 s; the kill lands before that.
        "TWILIO_TIMEOUT_SECONDS": "1",
        "SMS_CLAIM_LEASE_SECONDS": "4",
        "SMS_PUBLIC_BASE_URL": "",
        # The crash is what is tested, not the sending rules: no quiet hours, no caps.
        "SMS_QUIET_HOURS_START": "0",
        "SMS_QUIET_HOURS_END": "0",
        "SMS_DAILY_CAP": "1000",
        "SMS_WEEKLY_CAP": "1000",
    }


def create_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def seed(messages: int) -> list[str]:
    """A fresh batch of due messages, one per participant with consent."""
    from notifications.models import (
        InboundMessage,
        OutboxMessage,
        Participant,
        ParticipantConsent,
        PhoneOptOut,
    )
    from notifications.services.outbox import message_enqueue
    from outreach.models import Municipality, Team

    OutboxMessage.objects.all().delete()
    Participant.objects.all().delete()
    PhoneOptOut.objects.all().delete()
    InboundMessage.objects.all().delete()
    municipality, _ = Municipality.objects.get_or_create(
        code="GM9999", defaults={"name": "Crash-test"}
    )
    team, _ = Team.objects.get_or_create(municipality=municipality, name="Crash-test")
    phones = []
    for n in range(messages):
        phone = f"+316199{n:05d}"
        participant = Participant.objects.create(team=team, name=f"P{n}", phone=phone)
        ParticipantConsent.objects.create(participant=participant, method="written",
                                          text_version="1")  # fmt: skip
        message_enqueue(idempotency_key=f"crash:{n}", kind="reminder", to=phone,
                        body=f"Bericht {n}", participant=participant, team=team)  # fmt: skip
        phones.append(phone)
    return phones


def one_run(fake, env: dict, messages: int, hang_at: int, timeout: float) -> dict:
    from notifications.models import OutboxMessage

    fake.messages.clear()
    fake.requests.clear()
    phones = seed(messages)
    # Twilio takes message `hang_at` but its answer never arrives: the worker waits, and
    # is killed right then, between Twilio having the message and the outbox knowing it.
    fake.answers = [None] * (hang_at - 1) + ["hang"]
    worker = manage(env, "run_outbox", "--once")
    deadline = time.monotonic() + timeout
    while len(fake.messages) < hang_at and time.monotonic() < deadline:
        if worker.poll() is not None:
            break
        time.sleep(0.05)
    reached_hang = len(fake.messages) >= hang_at
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    time.sleep(float(env["SMS_CLAIM_LEASE_SECONDS"]))  # the dead worker's claims run out
    restarted = manage(env, "run_outbox", "--once")
    output, _ = restarted.communicate(timeout=max(1.0, deadline - time.monotonic()) + 60)
    counts = Counter(message["to"] for message in fake.messages)
    statuses = Counter(OutboxMessage.objects.values_list("status", flat=True))
    return {
        "reached_hang": reached_hang,
        "restart_ok": restarted.returncode == 0,
        "restart_output": output[-2000:],
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "missing": sum(1 for phone in phones if counts[phone] == 0),
        "not_sent": sum(n for status, n in statuses.items() if status != "sent"),
    }


def fault_runs(args) -> int:
    from tests.notifications.fault_run import run, scenario, worker_env

    fake, server = start_fake_twilio()
    fake.fault_share, fake.hang_seconds = 0.3, 1.0
    create_database()
    env = worker_env(
        port=server.server_port,
        database_url=DATABASE_URL,
        broker_url=os.environ.get("BENCH_SMS_REDIS_URL", "redis://127.0.0.1:6379/9"),
    )
    run(env, "migrate", "--no-input", "-v", "0")
    kinds = [
        ("one Celery worker, default settings", {"workers": "celery", "count": 1}),
        ("two Celery workers", {"workers": "celery", "count": 2}),
        ("two embedded workers, one killed", {"workers": "embedded", "count": 2, "kill": True}),
    ]
    failed = False
    for label, kind in kinds:
        for number in range(1, args.runs + 1):
            outcome = scenario(fake, env, messages=args.messages, timeout=900, **kind)
            failed |= not outcome.exactly_once
            print(
                f"{label}, run {number}: {outcome.messages} messages, duplicates "
                f"{outcome.duplicates}, missing {outcome.missing}, rows {outcome.statuses}, "
                f"most attempts {outcome.max_attempts}, {outcome.seconds:.0f} s",
                flush=True,
            )
    server.shutdown()
    print(f"database: {DATABASE_URL.rsplit('@', 1)[-1]}; {platform.node()}, {os.cpu_count()} cores")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--messages", type=int, default=12, help="messages per batch")
    parser.add_argument("--run-timeout", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--max-minutes", type=float, default=60.0, help="whole loop at most")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--faults", action="store_true", help="the fault runs (see above)")
    args = parser.parse_args()
    if args.faults:
        return fault_runs(args)

    fake, server = start_fake_twilio()
    fake.hang_seconds = 30
    env = worker_env(server.server_port)
    os.environ.update(
        {
            k: v
            for k, v in env.items()
            if k.startswith(("DJANGO", "DATABASE", "SMS", "TWILIO", "DEMO"))
        }
    )
    create_database()
    migrate = manage(env, "migrate", "--no-input", "-v", "0")
    output, _ = migrate.communicate(timeout=600)
    if migrate.returncode != 0:
        print(output)
        return 2

    import django

    django.setup()
    from django.db import connection

    chooser = random.Random(args.seed)
    started = time.monotonic()
    totals = Counter()
    runs_done = 0
    problems = []
    for run in range(1, args.runs + 1):
        if time.monotonic() - started > args.max_minutes * 60:
            print(f"stopped after {runs_done} runs: --max-minutes {args.max_minutes} reached")
            break
        hang_at = chooser.randint(1, args.messages)
        result = one_run(fake, env, args.messages, hang_at, args.run_timeout)
        connection.close()
        runs_done += 1
        for key in ("duplicates", "missing", "not_sent"):
            totals[key] += result[key]
        totals["kill_landed"] += result["reached_hang"]
        bad = result["duplicates"] or result["missing"] or result["not_sent"]
        if bad or not result["restart_ok"]:
            problems.append((run, hang_at, result))
        print(
            f"run {run:3d}: hang at message {hang_at:2d}, kill landed "
            f"{'yes' if result['reached_hang'] else 'NO '}, duplicates {result['duplicates']}, "
            f"missing {result['missing']}, rows not sent {result['not_sent']}",
            flush=True,
        )
    elapsed = time.monotonic() - started
    server.shutdown()
    print()
    print(f"command:    python -m bench.sms_crash_loop {' '.join(sys.argv[1:])}")
    print(f"database:   {connection.vendor} {DATABASE_URL.rsplit('@', 1)[-1]}")
    python = platform.python_version()
    print(f"machine:    {platform.node()}, {os.cpu_count()} cores, Python {python}")
    print(f"runs:       {runs_done} x {args.messages} messages")
    print(f"kill landed while Twilio held an unanswered message: {totals['kill_landed']} runs")
    print(f"duplicates: {totals['duplicates']}")
    print(f"missing:    {totals['missing']}")
    print(f"rows not sent at the end: {totals['not_sent']}")
    print(f"time:       {elapsed:.0f} s ({elapsed / max(runs_done, 1):.1f} s per run)")
    for run, hang_at, result in problems:
        print(f"PROBLEM in run {run} (hang at {hang_at}): {result}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
