"""Demo data for the phone they may share: one peer has set a PIN for the app lock, so the
lock screen can be tried (README, docs/phone.md)."""

from outreach.models import User
from outreach.services.phone_lock import phone_pin_set

DEMO_PHONE_PIN = "40719"
DEMO_PHONE_PIN_USER = "peer-zuid-2"


def seed_phone_demo(users: dict[str, User]) -> None:
    phone_pin_set(user=users[DEMO_PHONE_PIN_USER], pin=DEMO_PHONE_PIN)
