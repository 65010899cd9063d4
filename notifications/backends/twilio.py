"""Twilio through its official SDK. TWILIO_API_BASE_URL lets tests aim the real SDK at a
local fake server; in production it is Twilio's own address."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

import requests
from django.conf import settings
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from notifications.backends import (
    PermanentSendError,
    SendResult,
    SmsBackend,
    TemporarySendError,
    UncertainSendError,
)


def _price(value) -> Decimal | None:
    try:
        return abs(Decimal(str(value))) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _result(message) -> SendResult:
    segments = int(message.num_segments) if message.num_segments not in (None, "") else None
    return SendResult(
        provider_id=message.sid,
        segments=segments,
        price=_price(message.price),
        price_unit=message.price_unit or "",
    )


class TwilioBackend(SmsBackend):
    def __init__(self):
        self.client = Client(
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
            http_client=TwilioHttpClient(timeout=settings.TWILIO_TIMEOUT_SECONDS),
        )
        self.client.api.base_url = settings.TWILIO_API_BASE_URL

    def send(self, *, to: str, body: str, status_callback: str = "") -> SendResult:
        sender = (
            {"messaging_service_sid": settings.TWILIO_MESSAGING_SERVICE_SID}
            if settings.TWILIO_MESSAGING_SERVICE_SID
            else {"from_": settings.TWILIO_FROM}
        )
        if status_callback:
            sender["status_callback"] = status_callback
        try:
            message = self.client.messages.create(to=to, body=body, **sender)
        except TwilioRestException as error:
            code = str(error.code or error.status)
            if error.status == 429 or error.status >= 500:
                raise TemporarySendError(code, error.msg) from error
            raise PermanentSendError(code, error.msg) from error
        except requests.ConnectTimeout as error:
            # No connection was made, so nothing can have been sent.
            raise TemporarySendError("connection", str(error)[:300]) from error
        except requests.RequestException as error:
            # The request may have gone out (a read timeout, a dropped connection): Twilio
            # may have the message, so its log is checked before any resend.
            raise UncertainSendError("no_answer", str(error)[:300]) from error
        return _result(message)

    def find_sent(self, *, to: str, body: str, since: datetime) -> SendResult | None:
        for message in self.client.messages.list(to=to, date_sent_after=since, limit=100):
            created = message.date_created or message.date_sent
            if message.body == body and (created is None or created >= since):
                return _result(message)
        return None
