"""Real worker processes sending through the real twilio SDK to the local fake Twilio while
it misbehaves, and the count at the fake of what each recipient got. Shared by the fault
test (tests/notifications/test_faults.py) and its longer run in bench/sms_crash_loop.py.

Workers: Celery workers on Redis (`celery -A config worker`, the production engine, on
its default settings), or embedded workers (`manage.py run_outbox`). Dispatch is asked for
every second, as beat does every half minute, so that dispatches overlap as much as they
ever could."""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from celery import Celery

ROOT = Path(__file__).resolve().parents[2]
SEED = """
import os
from notifications.models import InboundMessage, OutboxMessage, Participant, ParticipantConsent
from notifications.models import PhoneOptOut
from notifications.services.outbox import message_enqueue
from outreach.models import Municipality, Team
OutboxMessage.objects.all().delete()
Participant.objects.all().delete()
PhoneOptOut.objects.all().delete()
InboundMessage.objects.all().delete()
municipality, _ = Municipality.objects.get_or_create(code="GM9999", defaults={"name": "Fault"})
team, _ = Team.objects.get_or_create(municipality=municipality, name="Fault")
for n in range(int(os.environ["FAULT_MESSAGES"])):
    phone = f"+316199{n:05d}"
    p = Participant.objects.create(team=team, name=f"P{n}", phone=phone)
    ParticipantConsent.objects.create(participant=p, method="written", text_version="1")
    message_enqueue(idempotency_key=f"fault:{n}", kind="reminder", to=phone,
                    body=f"Bericht {n}", participant=p, team=team)
"""
REPORT = """
import json
from collections import Counter
from notifications.models import OutboxMessage
rows = OutboxMessage.objects.values_list("status", "attempts")
statuses = Counter(status for status, _ in rows)
print(json.dumps({"statuses": statuses, "max_attempts": max(n for _, n in rows)}))
"""


def phone(n: int) -> str:
    return f"+316199{n:05d}"


def worker_env(*, port: int, database_url: str, broker_url: str = "", **extra: str) -> dict:
    """Short timeouts and lease (the lease 4 times the send timeout, the least settings
    allow), no quiet hours or caps (the faults are tested, not the rules), and otherwise
    the defaults: SMS_SEND_CONCURRENCY, SMS_SEND_RATE_PER_SECOND, WORKER_CONCURRENCY."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SMS_", "TWILIO_", "CELERY_", "WORKER_"))
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEMO_MODE": "1",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "LOG_LEVEL": "WARNING",
        "SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": "ACtest",
        "TWILIO_AUTH_TOKEN": "test-token",
        "TWILIO_FROM": "+3197000000000",
        "TWILIO_API_BASE_URL": f"http://127.0.0.1:{port}",
        "TWILIO_TIMEOUT_SECONDS": "0.5",
        "SMS_CLAIM_LEASE_SECONDS": "2",
        "SMS_RETRY_SECONDS": "0",
        # 30 % faults, three kinds of which cost an attempt: a message fails five attempts
        # in a row once in 1,700; the count at the fake is what is tested, not giving up.
        "SMS_MAX_ATTEMPTS": "12",
        "SMS_QUIET_HOURS_START": "0",
        "SMS_QUIET_HOURS_END": "0",
        "SMS_DAILY_CAP": "1000",
        "SMS_WEEKLY_CAP": "1000",
        "SMS_PUBLIC_BASE_URL": "",
        **extra,
    }


def manage(env: dict, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs,
    )  # fmt: skip


def run(env: dict, *args: str, timeout: float = 600) -> str:
    process = manage(env, *args)
    output, _ = process.communicate(timeout=timeout)
    if process.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{output[-3000:]}")
    return output


def celery_worker(env: dict, name: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - the project's own worker
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--hostname", name,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip


def embedded_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_outbox", "--interval", "0.5"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


@dataclass
class Outcome:
    messages: int
    duplicates: int
    missing: int
    statuses: dict
    max_attempts: int
    seconds: float

    @property
    def exactly_once(self) -> bool:
        return not self.duplicates and not self.missing and set(self.statuses) == {"sent"}


def scenario(
    fake, env: dict, *, messages: int, workers: str, count: int, kill: bool = False,
    timeout: float = 120,
) -> Outcome:  # fmt: skip
    """Seed `messages` due messages, run `count` workers of the kind `workers` ("celery" or
    "embedded"), SIGKILL one half-way when `kill` (and start another), until every
    recipient has reached Twilio and a lease more has passed; then one last embedded round
    settles what is left (an answer still awaited), and the fake counts."""
    run({**env, "FAULT_MESSAGES": str(messages)}, "shell", "-c", SEED)
    with fake.lock:
        fake.messages.clear()
        fake.requests.clear()
    broker = Celery(broker=env["CELERY_BROKER_URL"]) if workers == "celery" else None
    if broker:
        broker.control.purge()
    start = embedded_worker if workers == "embedded" else None
    started = time.monotonic()
    running = [
        celery_worker(env, f"fault{n}-{os.getpid()}@%h") if broker else start(env)
        for n in range(count)
    ]
    lease = float(env["SMS_CLAIM_LEASE_SECONDS"])
    try:
        all_reached_at, killed = None, False
        while time.monotonic() - started < timeout:
            if broker:
                broker.send_task("notifications.dispatch_due")  # as beat does
            time.sleep(1)
            with fake.lock:
                reached = {m["to"] for m in fake.messages}
            if kill and not killed and len(reached) >= messages // 2:
                stop(running[0], signal.SIGKILL)
                running[0] = celery_worker(env, f"again-{os.getpid()}@%h") if broker else start(env)
                killed = True
            if len(reached) == messages and all_reached_at is None:
                all_reached_at = time.monotonic()
            if all_reached_at and time.monotonic() - all_reached_at > lease + 3:
                break
    finally:
        for process in running:
            stop(process)
        if broker:
            broker.control.purge()
    seconds = time.monotonic() - started
    fake_share, fake.fault_share = fake.fault_share, 0.0
    try:
        run(env, "run_outbox", "--once")  # settles an answer still awaited, sends nothing twice
    finally:
        fake.fault_share = fake_share
    report = json.loads(run(env, "shell", "-c", REPORT).strip().splitlines()[-1])
    with fake.lock:
        counts = Counter(m["to"] for m in fake.messages)
    return Outcome(
        messages=messages,
        duplicates=sum(n - 1 for n in counts.values() if n > 1),
        missing=sum(1 for n in range(messages) if counts[phone(n)] == 0),
        statuses=report["statuses"],
        max_attempts=report["max_attempts"],
        seconds=seconds,
    )
