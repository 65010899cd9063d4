"""The app lock of the phone pages: the peer's PIN, kept as a hash made by Django's password
hasher. The lock itself (when the pages close, the tries left) lives in the session and is
applied by outreach.middleware.PhoneLockMiddleware and the unlock page."""

import re
from itertools import pairwise

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import PhonePin, User

PIN_PATTERN = re.compile(r"^\d{5,8}$")


def phone_pin_problem(pin: str) -> str | None:
    """Why a PIN is refused, or None. Five to eight digits, and not one a family member would
    try first: the same digit, digits counting up or down (12345, 98765), or a short block
    repeated (12121, 123123)."""
    if not PIN_PATTERN.match(pin):
        return _("Use 5 to 8 digits.")
    steps = {int(b) - int(a) for a, b in pairwise(pin)}
    if steps in ({0}, {1}, {-1}):
        return _("This PIN is too easy to guess. Do not use the same digit or digits in a row.")
    if any(pin == (pin[:size] * len(pin))[: len(pin)] for size in range(1, len(pin) // 2 + 1)):
        return _("This PIN is too easy to guess. Do not repeat a short group of digits.")
    return None


@transaction.atomic
def phone_pin_set(*, user: User, pin: str) -> PhonePin:
    """Set or change the user's PIN; a PIN that is too easy is refused (ValidationError)."""
    problem = phone_pin_problem(pin)
    if problem:
        raise ValidationError(problem, code="weak_pin")
    phone_pin, _created = PhonePin.objects.update_or_create(
        user=user, defaults={"pin_hash": make_password(pin), "set_at": timezone.now()}
    )
    return phone_pin


@transaction.atomic
def phone_pin_remove(*, user: User) -> None:
    PhonePin.objects.filter(user=user).delete()


def phone_pin_matches(*, user: User, pin: str) -> bool:
    """Whether the PIN is the user's. Without a PIN set nothing matches."""
    phone_pin = PhonePin.objects.filter(user=user).first()
    if phone_pin is None or not PIN_PATTERN.match(pin or ""):
        return False
    return check_password(pin, phone_pin.pin_hash)
