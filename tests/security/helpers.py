"""Codes from a test user's authenticator, as the app on their phone would show them."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from outreach.models import User
from outreach.services.two_factor import totp_enrolment_confirm, totp_enrolment_start


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
