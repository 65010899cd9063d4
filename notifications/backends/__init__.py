"""Where messages go. One interface, chosen by SMS_BACKEND; switching to Twilio is a
setting, never a code change."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass
class SendResult:
    provider_id: str
    segments: int | None = None
    price: Decimal | None = None
    price_unit: str = ""


class PermanentSendError(Exception):
    """The provider refused the message for good (invalid number, opted out, ...)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class TemporarySendError(PermanentSendError):
    """Try again later (rate limit, provider trouble, no connection): nothing was sent."""


class UncertainSendError(PermanentSendError):
    """The request may have reached the provider (a timeout after sending): before any
    resend the provider's log must be checked."""


class SmsBackend:
    def send(self, *, to: str, body: str, status_callback: str = "") -> SendResult:
        raise NotImplementedError

    def find_sent(self, *, to: str, body: str, since: datetime) -> SendResult | None:
        """A message with this text sent to this number since then, if the provider has one."""
        return None


BACKENDS = {
    "console": "notifications.backends.console.ConsoleBackend",
    "file": "notifications.backends.console.FileBackend",
    "twilio": "notifications.backends.twilio.TwilioBackend",
}


def get_backend() -> SmsBackend:
    return import_string(BACKENDS.get(settings.SMS_BACKEND, settings.SMS_BACKEND))()
