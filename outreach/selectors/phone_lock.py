"""Whether a peer set a PIN for the app lock of the phone pages."""

from outreach.models import PhonePin, User


def has_phone_pin(*, user: User) -> bool:
    return PhonePin.objects.filter(user=user).exists()
