"""Two-factor login: setting up an authenticator app, backup codes for a lost phone, the
second login step, and the administrator's reset. Built on django-otp's devices."""

import re
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from outreach.models import User
from outreach.services.api_tokens import api_token_revoke

AUTHENTICATOR_NAME = "authenticator"
BACKUP_NAME = "backup"
TOTP_CODE = re.compile(r"^\d{6}$")


def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The not yet confirmed authenticator of a user, made once and shown until confirmed
    (reloading the page shows the same QR code, so a scanned code keeps working)."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": AUTHENTICATOR_NAME}
    )
    return device


def totp_qr_svg(device: TOTPDevice) -> str:
    """The device's set-up link as an SVG QR code, made here: the secret never leaves us."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def totp_secret(device: TOTPDevice) -> str:
    """The key to type into an app that cannot scan (base32, as the apps expect it)."""
    return b32encode(device.bin_key).decode()


@transaction.atomic
def totp_enrolment_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the new authenticator with a code from it. It replaces an older one, and the
    user gets a fresh set of backup codes. None when the code is wrong."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not TOTP_CODE.match(_clean(code)) or not device.verify_token(_clean(code)):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device, backup_codes_renew(user=user)


@transaction.atomic
def backup_codes_renew(*, user: User) -> list[str]:
    """A new set of single-use backup codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": BACKUP_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.OTP_BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts the code (an authenticator's six digits or a backup code),
    or None. Each device counts its failures and slows down guessing (django-otp)."""
    code = _clean(code)
    if not code:
        return None
    kind = TOTPDevice if TOTP_CODE.match(code) else StaticDevice
    for device in devices_for_user(user):
        if isinstance(device, kind):
            verified = otp_verify_token(user, device.persistent_id, code)
            if verified is not None:
                return verified
    return None


@transaction.atomic
def two_factor_reset(*, user: User) -> None:
    """The administrator's answer to a lost phone without backup codes: the user's devices
    are removed and the next login asks to set up a new authenticator. The API token goes
    too: it may be on the lost phone."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    api_token_revoke(user=user)


def _clean(code: str) -> str:
    return re.sub(r"\s", "", code or "").lower()
