"""The outbox rules: planned once, sent once, never without opt-in or after STOP, quiet
hours, caps, sensitive words; through the console back-end and the real Twilio SDK."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import MessageKind, OutboxMessage, OutboxStatus, PhoneOptOut
from notifications.services.inbound import inbound_receive
from notifications.services.outbox import dispatch_due, message_enqueue
from notifications.services.planning import reminders_plan
from tests.helpers import client_for
from tests.notifications.helpers import AFTERNOON


def test_reminders_go_to_regular_participants_with_consent_only(group):
    # Given a group whose next session is 20 hours away (reminders 24 hours before)
    # When the reminders are planned
    planned = reminders_plan(now=AFTERNOON)
    # Then only the regular participant with SMS consent gets one
    assert planned == 1
    reminder = OutboxMessage.objects.get()
    assert reminder.to == group.regular.phone
    assert reminder.kind == MessageKind.REMINDER
    assert "Kookgroep" in reminder.body and "Fatima" in reminder.body
    assert reminder.expires_at == group.next_session.starts_at


def test_planning_the_same_reminder_twice_yields_one_row(group):
    reminders_plan(now=AFTERNOON)
    assert reminders_plan(now=AFTERNOON) == 0
    assert OutboxMessage.objects.count() == 1


def test_console_backend_sends_and_records_the_message(group, settings, caplog):
    settings.SMS_BACKEND = "console"
    reminders_plan(now=AFTERNOON)
    with caplog.at_level("INFO", logger="notifications.sms"):
        assert dispatch_due(now=AFTERNOON) == 1
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.SENT
    assert message.provider_id and message.sent_at == AFTERNOON and message.segments == 1
    assert "+31611111111" in caplog.text
    # And dispatching again sends nothing more
    assert dispatch_due(now=AFTERNOON) == 0


def test_stop_from_a_participant_stops_the_next_reminder(group, settings):
    settings.SMS_BACKEND = "console"
    reminders_plan(now=AFTERNOON)
    # When the participant texts STOP before the reminder goes out
    inbound_receive(provider_id="SMin1", from_phone=group.regular.phone, body="Stop")
    dispatch_due(now=AFTERNOON)
    # Then nothing is sent, the row says why, and the opt-out is on record with its source
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.CANCELLED
    opt_out = PhoneOptOut.objects.get(phone=group.regular.phone)
    assert opt_out.source == "keyword:STOP" and opt_out.opted_out_at is not None
    # And a reminder planned for a later session is not sent either
    later = group.next_session.__class__.objects.create(
        activity=group.activity, starts_at=AFTERNOON + timedelta(days=7, hours=2)
    )
    reminders_plan(now=later.starts_at - timedelta(hours=3))
    dispatch_due(now=later.starts_at - timedelta(hours=3))
    assert not OutboxMessage.objects.filter(status=OutboxStatus.SENT).exists()


@pytest.mark.parametrize("keyword", ["STOP", "stopall", "UNSUBSCRIBE", "cancel", "END", "QUIT",
                                     "REVOKE", "OPTOUT", "uit"])  # fmt: skip
def test_every_opt_out_keyword_opts_out(db, keyword):
    inbound_receive(provider_id=f"SM{keyword}", from_phone="+31644444444", body=f" {keyword} ")
    assert PhoneOptOut.objects.filter(phone="+31644444444", opted_in_at__isnull=True).exists()


@pytest.mark.parametrize("body", ["Stop a.u.b.", "STOP!!", "uit graag", "Stop met sms"])
def test_a_short_message_opening_with_stop_opts_out(db, body):
    inbound_receive(provider_id="SM1", from_phone="+31644444444", body=body)
    assert PhoneOptOut.objects.filter(phone="+31644444444", opted_in_at__isnull=True).exists()


@pytest.mark.parametrize("body", ["Ik vond het eind goed", "Uitstekend", "8", "Stop je er nu "
                                  "mee? Ik kom volgende week wel weer langs hoor"])  # fmt: skip
def test_an_ordinary_reply_does_not_opt_out(db, body):
    inbound_receive(provider_id="SM1", from_phone="+31644444444", body=body)
    assert not PhoneOptOut.objects.exists()


@pytest.mark.parametrize("keyword", ["START", "unstop"])
def test_start_opts_back_in(db, keyword):
    inbound_receive(provider_id="SM1", from_phone="+31644444444", body="STOP")
    inbound_receive(provider_id="SM2", from_phone="+31644444444", body=keyword)
    opt_out = PhoneOptOut.objects.get(phone="+31644444444")
    assert (
        opt_out.opted_in_at is not None and opt_out.opted_in_source == f"keyword:{keyword.upper()}"
    )


def test_help_is_answered_with_who_we_are_and_how_to_stop(db, settings):
    settings.SMS_BACKEND = "console"
    inbound_receive(provider_id="SM1", from_phone="+31644444444", body="help")
    dispatch_due(now=AFTERNOON)
    reply = OutboxMessage.objects.get(kind=MessageKind.HELP_REPLY)
    assert reply.status == OutboxStatus.SENT
    assert settings.SMS_SENDER_NAME in reply.body and "STOP" in reply.body


def test_the_same_inbound_message_twice_is_handled_once(db):
    inbound_receive(provider_id="SM1", from_phone="+31644444444", body="STOP")
    inbound_receive(provider_id="SM2", from_phone="+31644444444", body="START")
    inbound_receive(provider_id="SM1", from_phone="+31644444444", body="STOP")
    assert not PhoneOptOut.objects.filter(opted_in_at__isnull=True).exists()


def test_withdrawn_consent_is_checked_right_before_sending(group, settings):
    settings.SMS_BACKEND = "console"
    reminders_plan(now=AFTERNOON)
    group.regular.sms_consents.update(withdrawn_at=timezone.now())
    dispatch_due(now=AFTERNOON)
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.CANCELLED
    assert message.error_code == "not_allowed"


def test_paused_participant_gets_nothing(group, settings):
    settings.SMS_BACKEND = "console"
    reminders_plan(now=AFTERNOON)
    group.regular.sms_paused = True
    group.regular.save()
    dispatch_due(now=AFTERNOON)
    assert OutboxMessage.objects.get().status == OutboxStatus.CANCELLED


def test_message_due_in_quiet_hours_waits_for_the_morning(group, settings):
    settings.SMS_BACKEND = "console"
    late_evening = AFTERNOON.replace(hour=22)
    session = group.next_session
    session.starts_at = late_evening + timedelta(days=1)  # tomorrow 22:00
    session.save()
    reminders_plan(now=late_evening)
    assert dispatch_due(now=late_evening) == 0
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.QUEUED
    assert timezone.localtime(message.send_after).hour == 9
    # And at nine in the morning it goes
    assert dispatch_due(now=message.send_after) == 1


def test_reminder_whose_session_starts_during_quiet_hours_is_dropped_not_sent_late(group, settings):
    settings.SMS_BACKEND = "console"
    late_evening = AFTERNOON.replace(hour=21, minute=30)
    session = group.next_session
    session.starts_at = late_evening + timedelta(hours=10)  # 07:30 next morning
    session.save()
    reminders_plan(now=late_evening)
    dispatch_due(now=late_evening)
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.CANCELLED and message.error_code == "expired"


def test_reminder_after_its_session_started_is_dropped(group, settings):
    settings.SMS_BACKEND = "console"
    reminders_plan(now=AFTERNOON)
    dispatch_due(now=group.next_session.starts_at + timedelta(minutes=1))
    assert OutboxMessage.objects.get().status == OutboxStatus.CANCELLED


def test_appreciation_is_held_back_first_when_the_daily_cap_is_near(group, settings):
    settings.SMS_BACKEND = "console"
    settings.SMS_DAILY_CAP = 2
    phone = group.regular.phone
    common = {"to": phone, "participant": group.regular, "send_after": AFTERNOON}
    message_enqueue(idempotency_key="a", kind=MessageKind.REMINDER, body="Tot morgen", **common)
    message_enqueue(idempotency_key="b", kind=MessageKind.MILESTONE, body="Goed bezig", **common)
    dispatch_due(now=AFTERNOON)
    statuses = dict(OutboxMessage.objects.values_list("idempotency_key", "status"))
    # One message went out today: the appreciation waits (room is kept for a reminder)
    assert statuses == {"a": OutboxStatus.SENT, "b": OutboxStatus.QUEUED}
    # while another reminder still fits under the cap
    message_enqueue(idempotency_key="c", kind=MessageKind.REMINDER, body="Tot straks", **common)
    dispatch_due(now=AFTERNOON)
    assert OutboxMessage.objects.get(idempotency_key="c").status == OutboxStatus.SENT


def test_rendered_message_with_a_sensitive_word_is_never_sent(group, settings):
    settings.SMS_BACKEND = "console"
    group.activity.name = "Schuldhulp-café"
    group.activity.save()
    reminders_plan(now=AFTERNOON)
    dispatch_due(now=AFTERNOON)
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.CANCELLED and message.error_code == "sensitive"


def test_coordinators_see_delivery_rate_opt_outs_and_cost_per_month(world, client):
    from decimal import Decimal

    # Given this month: two delivered (8 cents each), one sent without report, one failed,
    # and one number that texted STOP
    team = world.household.team
    for n, status in enumerate(["delivered", "delivered", "sent", "failed"]):
        OutboxMessage.objects.create(
            idempotency_key=f"m{n}", kind=MessageKind.REMINDER, to=f"+3161234567{n}",
            body="Hoi", team=team, status=status, sent_at=timezone.now(),
            price=Decimal("0.08") if status == "delivered" else None,
        )  # fmt: skip
    inbound_receive(provider_id="SMstop", from_phone="+31612345672", body="STOP")
    # When the coordinator looks at the outbox
    month = client_for(world.coordinator).get("/api/v1/outbox/summary/").json()[0]
    # Then they see what went out, the delivery rate, failures, opt-outs and the cost
    assert (month["went_out"], month["delivered"], month["failed"]) == (3, 2, 1)
    assert month["delivery_rate"] == 67 and month["opt_outs"] == 1
    assert Decimal(month["cost"]) == Decimal("0.16")
    client.force_login(world.coordinator)
    page = client.get("/notifications/outbox/").content.decode()
    assert "67%" in page and "0,16" in page
    # And the coordinator of another team sees none of it
    assert client_for(world.other_coordinator).get("/api/v1/outbox/summary/").json() == []


def test_weekly_cap_holds_messages_back(group, settings):
    settings.SMS_BACKEND = "console"
    settings.SMS_DAILY_CAP, settings.SMS_WEEKLY_CAP = 10, 2
    phone = group.regular.phone
    # Given two messages went to this number earlier this week
    for n in (1, 2):
        OutboxMessage.objects.create(
            idempotency_key=f"old{n}", kind=MessageKind.REMINDER, to=phone, body="Hoi",
            status=OutboxStatus.SENT, sent_at=AFTERNOON - timedelta(days=n),
        )  # fmt: skip
    # When a third is due
    message_enqueue(idempotency_key="new", kind=MessageKind.REMINDER, body="Tot morgen",
                    to=phone, participant=group.regular, send_after=AFTERNOON)  # fmt: skip
    dispatch_due(now=AFTERNOON)
    # Then it waits, with the reason
    held = OutboxMessage.objects.get(idempotency_key="new")
    assert held.status == OutboxStatus.QUEUED and held.send_after > AFTERNOON
    assert held.error_message
