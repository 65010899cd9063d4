"""The development server does not leave a PostgreSQL connection behind per request."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="counts PostgreSQL's connections"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def connections_to(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_runserver_with_persistent_connections_does_not_pile_up_idle_connections():
    # Given runserver on PostgreSQL with the default DATABASE_CONN_MAX_AGE of 60 seconds
    settings = connection.settings_dict
    name = settings["NAME"]
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**os.environ, "DEMO_MODE": "1", "DATABASE_URL": url,
             "DATABASE_CONN_MAX_AGE": "60"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        before = connections_to(name)
        # When it answers 40 requests, each on a thread of its own
        for _ in range(40):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                assert r.status == 200
        time.sleep(0.5)
        # Then no idle connection is left behind per request
        assert connections_to(name) - before <= 2
    finally:
        server.terminate()
        server.wait(timeout=10)
