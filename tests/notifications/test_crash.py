"""A worker killed (SIGKILL) between Twilio taking a message and the outbox recording it,
then restarted: every message reaches Twilio at most once, and none is left in limbo.

Runs real worker processes (manage.py run_outbox) on a database file of their own."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.notifications.fake_twilio import start_fake_twilio

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 12
SEED = f"""
from notifications.models import Participant, ParticipantConsent
from notifications.services.outbox import message_enqueue
from outreach.models import Municipality, Team
team = Team.objects.create(municipality=Municipality.objects.create(code="GM1674", name="R"),
                           name="Noord")
for n in range({MESSAGES}):
    phone = f"+316100000{{n:02d}}"
    p = Participant.objects.create(team=team, name=f"P{{n}}", phone=phone)
    ParticipantConsent.objects.create(participant=p, method="written", text_version="1")
    message_enqueue(idempotency_key=f"crash:{{n}}", kind="reminder", to=phone,
                    body=f"Bericht {{n}}", participant=p, team=team)
"""
REPORT = """
from notifications.models import OutboxMessage
print(sorted(set(OutboxMessage.objects.values_list("status", flat=True))))
"""


def manage(env, *args, **kwargs):
    return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs,
    )  # fmt: skip


def run(env, *args) -> str:
    process = manage(env, *args)
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output
    return output


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_worker_killed_mid_batch_sends_nothing_twice_and_leaves_nothing_in_limbo(tmp_path):
    fake, server = start_fake_twilio()
    try:
        env = {
            **os.environ,
            "DEMO_MODE": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'crash.sqlite3'}",
            "SMS_BACKEND": "twilio",
            "TWILIO_ACCOUNT_SID": "ACtest",
            "TWILIO_AUTH_TOKEN": "test-token",
            "TWILIO_FROM": "+3197000000000",
            "TWILIO_API_BASE_URL": f"http://127.0.0.1:{server.server_port}",
            # The worker gives up waiting after 1 s; it is killed before that.
            "TWILIO_TIMEOUT_SECONDS": "1",
            "SMS_CLAIM_LEASE_SECONDS": "4",
            "SMS_QUIET_HOURS_START": "0",
            "SMS_QUIET_HOURS_END": "0",
            "SMS_DAILY_CAP": "100",
            "SMS_WEEKLY_CAP": "100",
        }
        run(env, "migrate", "--no-input", "-v", "0")
        run(env, "shell", "-c", SEED)
        # Given Twilio takes the 5th message but the worker dies before it hears back
        fake.answers = [None, None, None, None, "hang"]
        fake.hang_seconds = 120
        worker = manage(env, "run_outbox", "--once")
        deadline = time.monotonic() + 120
        while len(fake.messages) < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(fake.messages) >= 5
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        # When a new worker starts once the dead one's claims have run out
        time.sleep(4)
        run(env, "run_outbox", "--once")
        # Then every message reached Twilio exactly once
        phones = [message["to"] for message in fake.messages]
        assert sorted(phones) == sorted(f"+316100000{n:02d}" for n in range(MESSAGES))
        # and every row knows it was sent: none left sending, unknown or queued
        assert run(env, "shell", "-c", REPORT).strip().splitlines()[-1] == "['sent']"
    finally:
        server.shutdown()
