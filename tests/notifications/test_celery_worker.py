"""One message sent by a real Celery worker through Redis (the production engine), to the
local fake Twilio. Skipped where no Redis answers; .ci/run starts one."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery

from tests.notifications.fake_twilio import start_fake_twilio

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("SMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
SEED = """
from notifications.models import Participant, ParticipantConsent
from notifications.services.outbox import message_enqueue
from outreach.models import Municipality, Team
team = Team.objects.create(municipality=Municipality.objects.create(code="GM1674", name="R"),
                           name="Noord")
p = Participant.objects.create(team=team, name="Fatima", phone="+31611111111")
ParticipantConsent.objects.create(participant=p, method="written", text_version="1")
message_enqueue(idempotency_key="celery", kind="reminder", to=p.phone, body="Via Celery",
                participant=p, team=team)
"""


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_a_real_celery_worker_sends_the_due_message(tmp_path):
    fake, server = start_fake_twilio()
    env = {
        **os.environ,
        "DEMO_MODE": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'celery.sqlite3'}",
        "CELERY_BROKER_URL": REDIS_URL,
        "SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": "ACtest",
        "TWILIO_AUTH_TOKEN": "test-token",
        "TWILIO_FROM": "+3197000000000",
        "TWILIO_API_BASE_URL": f"http://127.0.0.1:{server.server_port}",
        "SMS_QUIET_HOURS_START": "0",
        "SMS_QUIET_HOURS_END": "0",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run([*manage, "shell", "-c", SEED], cwd=ROOT, env=env, check=True)  # noqa: S603
    queue = f"sms-test-{os.getpid()}"
    worker = subprocess.Popen(  # noqa: S603 - the project's own worker
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
         "--queues", queue, "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        # When the beat's dispatch task is put on the broker
        Celery(broker=REDIS_URL).send_task("notifications.dispatch_due", queue=queue)
        deadline = time.monotonic() + 90
        while not fake.messages and time.monotonic() < deadline:
            time.sleep(0.2)
        # Then the worker picked it up and the message reached Twilio once
        assert [m["body"] for m in fake.messages] == ["Via Celery"]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        server.shutdown()
