"""What a user has set up for the second login step."""

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from outreach.models import User


def backup_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_authenticator(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
