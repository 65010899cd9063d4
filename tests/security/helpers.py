"""Codes from a test user's authenticator, as the app on their phone would show them, and
manage.py run as in production, and an API token as the phone logs in for one."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from outreach.models import User
from outreach.services.two_factor import totp_enrolment_confirm, totp_enrolment_start
from tests.factories import PASSWORD


def app_code(device: TOTPDevice) -> str:
    """The code the app shows; the next period's when this one was used already (a code
    works once, and the server accepts one period of clock drift)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(user: User) -> tuple[TOTPDevice, list[str]]:
    """A user who set up an authenticator app: their device and backup codes."""
    device = totp_enrolment_start(user=user)
    confirmed = totp_enrolment_confirm(user=user, code=app_code(device))
    assert confirmed is not None
    return confirmed


PRODUCTION = {
    "DEMO_MODE": "",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "outreach.example.org",
    "SECRET_KEY": secrets.token_urlsafe(50)[:50],
}


def run_manage(arguments: list[str], environment: dict, cwd) -> subprocess.CompletedProcess:
    """manage.py in a fresh process with the given environment (not the test's settings)."""
    root = Path(__file__).resolve().parents[2]
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "DEMO_MODE", "DEBUG"))
    }
    env.update(environment, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        [sys.executable, str(root / "manage.py"), *arguments],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def token_login(user, client=None) -> str:
    response = (client or APIClient()).post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return response.json()["token"]


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
    return client
