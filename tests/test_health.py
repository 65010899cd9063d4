import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import django
django.setup()
from django.test import Client
print(Client().get("/healthz").status_code)
"""


def run_with_env(**env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not():
    # Given an app whose database cannot be reached (nothing listens on port 9)
    result = run_with_env(DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    # Then the health check says so, instead of failing with a 500
    assert result.stdout.strip().splitlines()[-1] == "503", result.stderr


API_PROBE = """
import django
django.setup()
from django.test import Client
# As a phone asks, with its token: API reads take no transaction, so a request that needs
# no database (an anonymous one, refused at once) would not notice it is away.
response = Client().get(
    "/api/v1/households/", HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION="Token a-phones-key"
)
print(response.status_code, response["Retry-After"], response.json()["detail"])
"""


def test_api_answers_503_with_retry_after_while_the_database_is_away():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", API_PROBE],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    status, retry_after, detail = result.stdout.strip().splitlines()[-1].split(" ", 2)
    assert (status, retry_after) == ("503", "5"), result.stderr
    assert "try again" in detail


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with_env(DEMO_MODE="0", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
