"""Every message exactly once while Twilio misbehaves: 30 % of all calls (sends and lookups)
answer late after creating the message, answer late without creating it, or answer 500 or
429. Real worker processes, the real twilio SDK, the local fake Twilio; counted at the fake.

One Celery worker on its default settings (two processes), two Celery workers, and embedded
workers of which one is killed with SIGKILL half-way. The send timeout and the lease are
short (0.5 s and 2 s), so that a dispatch outlives its lease many times over, as a slow
Twilio makes it do in production."""

import os
import socket
import sys

import psycopg
import pytest
from django.db import connection

from tests.notifications.fake_twilio import start_fake_twilio
from tests.notifications.fault_run import run, scenario, worker_env

REDIS_URL = os.environ.get("SMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
MESSAGES = 100


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def workers_database(tmp_path_factory, django_db_setup, django_db_blocker):
    """A database of the workers' own, of the kind the suite runs on, migrated once."""
    with django_db_blocker.unblock():
        config = connection.settings_dict
    if config["ENGINE"].endswith("postgresql"):
        name = f"{config['NAME']}_workers"
        server = f"postgres://{config['USER']}@{config['HOST']}:{config['PORT'] or 5432}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        url = f"{server}/{name}"
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('workers') / 'workers.sqlite3'}"
    run({**os.environ, "DEMO_MODE": "1", "DATABASE_URL": url}, "migrate", "--no-input", "-v", "0")
    yield url
    if url.startswith("postgres"):
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def faulty_twilio():
    fake, server = start_fake_twilio()
    fake.fault_share = 0.3
    fake.hang_seconds = 1.0  # past the workers' 0.5 s timeout
    yield fake, server.server_port
    server.shutdown()


def assert_exactly_once(outcome):
    assert outcome.duplicates == 0, outcome
    assert outcome.missing == 0, outcome
    assert set(outcome.statuses) == {"sent"}, outcome
    assert outcome.max_attempts <= 12, outcome


needs_redis = pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")
posix = pytest.mark.skipif(sys.platform == "win32", reason="needs process groups and SIGKILL")


@posix
@needs_redis
def test_one_celery_worker_on_default_settings_sends_each_message_once(
    faulty_twilio, workers_database
):
    fake, port = faulty_twilio
    env = worker_env(port=port, database_url=workers_database, broker_url=REDIS_URL)
    assert_exactly_once(scenario(fake, env, messages=MESSAGES, workers="celery", count=1))


@posix
@needs_redis
def test_two_celery_workers_send_each_message_once(faulty_twilio, workers_database):
    fake, port = faulty_twilio
    env = worker_env(port=port, database_url=workers_database, broker_url=REDIS_URL)
    assert_exactly_once(scenario(fake, env, messages=MESSAGES, workers="celery", count=2))


@posix
def test_a_worker_killed_during_the_run_leaves_each_message_sent_once(
    faulty_twilio, workers_database
):
    fake, port = faulty_twilio
    env = worker_env(port=port, database_url=workers_database)
    outcome = scenario(fake, env, messages=MESSAGES, workers="embedded", count=2, kill=True)
    assert_exactly_once(outcome)
