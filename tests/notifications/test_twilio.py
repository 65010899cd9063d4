"""The Twilio back-end: the real twilio SDK against a local fake Twilio that records
requests and answers errors on demand; and the signed webhooks."""

import pytest
from django.test import override_settings
from django.utils import timezone
from twilio.request_validator import RequestValidator

from notifications.backends import get_backend
from notifications.models import (
    DeliveryEvent,
    MessageKind,
    OutboxMessage,
    OutboxStatus,
    PhoneOptOut,
)
from notifications.services.outbox import dispatch_due, message_enqueue
from tests.notifications.helpers import AFTERNOON


def queue(group, key="one", body="Tot morgen bij de kookgroep"):
    message, _ = message_enqueue(
        idempotency_key=key, kind=MessageKind.REMINDER, to=group.regular.phone, body=body,
        participant=group.regular, team=group.activity.team, send_after=AFTERNOON,
    )  # fmt: skip
    return message


def creates(fake):
    return [path for method, path in fake.requests if method == "POST"]


def test_message_goes_out_through_the_twilio_sdk(group, fake_twilio):
    message = queue(group)
    assert dispatch_due(now=AFTERNOON) == 1
    message.refresh_from_db()
    sent = fake_twilio.messages[0]
    assert message.status == OutboxStatus.SENT
    assert message.provider_id == sent["sid"]
    assert sent["to"] == "+31611111111" and sent["body"] == "Tot morgen bij de kookgroep"
    assert sent["form"]["From"] == "+3197000000000"
    assert creates(fake_twilio) == ["/2010-04-01/Accounts/ACtest/Messages.json"]


def test_messaging_service_is_used_when_configured(group, fake_twilio, settings):
    settings.TWILIO_MESSAGING_SERVICE_SID = "MGtest"
    queue(group)
    dispatch_due(now=AFTERNOON)
    assert fake_twilio.messages[0]["form"]["MessagingServiceSid"] == "MGtest"


def test_error_21610_marks_the_number_opted_out_and_is_never_retried(group, fake_twilio):
    fake_twilio.answers = [(400, 21610)]
    message = queue(group)
    dispatch_due(now=AFTERNOON)
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.error_code == "21610"
    assert PhoneOptOut.objects.get(phone=group.regular.phone).source == "provider:21610"
    # A later message to the same number is stopped before it reaches Twilio
    later = queue(group, key="two")
    dispatch_due(now=AFTERNOON)
    later.refresh_from_db()
    assert later.status == OutboxStatus.CANCELLED
    assert len(creates(fake_twilio)) == 1


def test_invalid_number_21211_fails_visibly_without_retry(group, fake_twilio):
    fake_twilio.answers = [(400, 21211)]
    message = queue(group)
    dispatch_due(now=AFTERNOON)
    dispatch_due(now=AFTERNOON.replace(hour=16))
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.error_message
    assert len(creates(fake_twilio)) == 1


@pytest.mark.parametrize("status", [429, 500, 503])
def test_rate_limit_and_server_errors_are_retried_with_backoff(
    group, fake_twilio, settings, status
):
    settings.SMS_RETRY_SECONDS = 60
    fake_twilio.answers = [(status, 20429 if status == 429 else 20500)]
    message = queue(group)
    dispatch_due(now=AFTERNOON)
    message.refresh_from_db()
    assert message.status == OutboxStatus.QUEUED and message.attempts == 1
    assert (message.send_after - AFTERNOON).total_seconds() == 60
    # Not before the wait is over
    dispatch_due(now=AFTERNOON)
    assert len(creates(fake_twilio)) == 1
    # Then it goes
    dispatch_due(now=message.send_after)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 2
    assert len(fake_twilio.messages) == 1


def test_gives_up_visibly_after_the_last_attempt(group, fake_twilio, settings):
    settings.SMS_MAX_ATTEMPTS = 2
    fake_twilio.answers = [(500, 20500), (500, 20500)]
    message = queue(group)
    dispatch_due(now=AFTERNOON)
    message.refresh_from_db()
    dispatch_due(now=message.send_after)
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and "2" in message.error_message


def test_timeout_after_twilio_took_the_message_is_reconciled_not_resent(
    group, fake_twilio, settings
):
    # Real time here: Twilio's log is searched from the moment the row was claimed.
    settings.SMS_QUIET_HOURS_START = settings.SMS_QUIET_HOURS_END = 0
    now = timezone.now()
    # Given Twilio accepts the message but its answer never arrives in time
    fake_twilio.answers = ["hang"]
    fake_twilio.hang_seconds = 2
    message = queue(group)
    OutboxMessage.objects.filter(pk=message.pk).update(send_after=now)
    dispatch_due(now=now)
    message.refresh_from_db()
    assert message.status == OutboxStatus.UNKNOWN
    # When the next round runs
    dispatch_due()
    # Then Twilio's log is checked, the message is recognised as sent, and not sent again
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.provider_id == fake_twilio.messages[0]["sid"]
    assert len(creates(fake_twilio)) == 1
    assert "GET" in {method for method, _ in fake_twilio.requests}


def test_unknown_message_missing_from_twilio_log_is_sent_again(group, fake_twilio):
    message = queue(group)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.UNKNOWN, claimed_at=AFTERNOON
    )
    dispatch_due(now=AFTERNOON)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert len(fake_twilio.messages) == 1


STATUS_URL = "http://testserver/notifications/twilio/status/"
INBOUND_URL = "http://testserver/notifications/twilio/inbound/"


def signed_post(client, url, params, signing_key=None):
    signature = RequestValidator(signing_key or "test-token").compute_signature(url, params)
    return client.post(url, params, HTTP_X_TWILIO_SIGNATURE=signature)


@override_settings(TWILIO_AUTH_TOKEN="test-token")
def test_webhooks_refuse_requests_without_a_valid_signature(client, db):
    params = {"MessageSid": "SM1", "MessageStatus": "delivered"}
    assert client.post(STATUS_URL, params).status_code == 403
    assert signed_post(client, STATUS_URL, params, signing_key="wrong").status_code == 403
    assert client.post(INBOUND_URL, {"From": "+31611111111", "Body": "STOP"}).status_code == 403
    assert not PhoneOptOut.objects.exists()


@override_settings(TWILIO_AUTH_TOKEN="test-token")
def test_status_callback_records_delivery_once(client, group, fake_twilio):
    message = queue(group)
    dispatch_due(now=AFTERNOON)
    message.refresh_from_db()
    params = {"MessageSid": message.provider_id, "MessageStatus": "delivered"}
    assert signed_post(client, STATUS_URL, params).status_code == 204
    assert signed_post(client, STATUS_URL, params).status_code == 204
    message.refresh_from_db()
    assert message.status == OutboxStatus.DELIVERED
    assert DeliveryEvent.objects.filter(message=message).count() == 1
    # A late "sent" does not move a delivered message back
    signed_post(client, STATUS_URL, {"MessageSid": message.provider_id, "MessageStatus": "sent"})
    message.refresh_from_db()
    assert message.status == OutboxStatus.DELIVERED


@override_settings(TWILIO_AUTH_TOKEN="test-token")
def test_status_callback_with_21610_opts_the_number_out(client, group, fake_twilio):
    message = queue(group)
    dispatch_due(now=AFTERNOON)
    message.refresh_from_db()
    params = {"MessageSid": message.provider_id, "MessageStatus": "failed", "ErrorCode": "21610"}
    signed_post(client, STATUS_URL, params)
    assert PhoneOptOut.objects.filter(phone=group.regular.phone).exists()


@override_settings(TWILIO_AUTH_TOKEN="test-token")
def test_signed_inbound_stop_opts_out(client, group):
    params = {"MessageSid": "SMin", "From": "+31611111111", "Body": "STOP"}
    response = signed_post(client, INBOUND_URL, params)
    assert response.status_code == 200 and b"<Response>" in response.content
    assert PhoneOptOut.objects.filter(phone="+31611111111", source="keyword:STOP").exists()


def test_logs_at_the_default_level_hold_no_phone_number_or_text(group, fake_twilio, caplog):
    # Given the default log level (INFO)
    queue(group, body="Tot morgen bij de kookgroep")
    with caplog.at_level("INFO"):
        # When a message and a lookup in Twilio's log go through the SDK
        dispatch_due(now=AFTERNOON)
        get_backend().find_sent(to=group.regular.phone, body="x", since=AFTERNOON)
    # Then the message went out, and no log line names the number or the text
    assert len(fake_twilio.messages) == 1
    assert "+31611111111" not in caplog.text and "31611111111" not in caplog.text
    assert "kookgroep" not in caplog.text
