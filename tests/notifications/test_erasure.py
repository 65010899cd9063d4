"""Erasure reaches what this part stores about people."""

from audit.retention import household_erase
from notifications.models import (
    Attendance,
    HouseholdVerdict,
    OutboxMessage,
    Participant,
    ParticipantConsent,
)
from notifications.services.activities import participant_erase
from notifications.services.inbound import inbound_receive
from notifications.services.outbox import message_enqueue
from tests.notifications.conftest import make_group


def test_erasing_a_household_blanks_its_messages_and_erases_its_own_verdict(world):
    household = world.household
    HouseholdVerdict.objects.create(household=household, phone=household.phone, score=9)
    message_enqueue(idempotency_key="v", kind="verdict_request", to=household.phone, body="Hoi",
                    household=household)  # fmt: skip
    household_erase(household=household, erased_by=world.coordinator, reason="verzoek")
    assert not HouseholdVerdict.objects.exists()
    # The message stays as a sent (here: cancelled) message of its kind, to nobody, saying nothing
    message = OutboxMessage.objects.get()
    assert (message.household_id, message.to, message.body, message.status) == (
        None,
        "",
        "",
        "cancelled",
    )


def test_erasing_a_participant_leaves_nothing_about_them(world):
    group = make_group(world.household.team)
    participant = group.regular
    inbound_receive(provider_id="SM1", from_phone=participant.phone, body="hallo")
    message_enqueue(idempotency_key="r", kind="reminder", to=participant.phone, body="Hoi",
                    participant=participant)  # fmt: skip
    participant_erase(participant=participant)
    assert not Participant.objects.filter(pk=participant.pk).exists()
    assert not Participant.history.filter(id=participant.pk).exists()
    assert not Attendance.history.filter(participant_id=participant.pk).exists()
    assert not ParticipantConsent.history.filter(participant_id=participant.pk).exists()
    assert not OutboxMessage.objects.filter(to=participant.phone).exists()


def test_old_messages_keep_their_counts_but_forget_number_and_text(group, settings):
    from datetime import timedelta

    from django.utils import timezone

    from notifications.models import InboundMessage, OutboxMessage, OutboxStatus
    from notifications.services.inbound import inbound_receive
    from notifications.services.outbox import message_enqueue, messages_forget_old

    settings.SMS_RETENTION_DAYS = 30
    long_ago = timezone.now() - timedelta(days=31)
    old, _ = message_enqueue(idempotency_key="old", kind="reminder", to=group.regular.phone,
                             body="Hoi Fatima", participant=group.regular)  # fmt: skip
    recent, _ = message_enqueue(idempotency_key="new", kind="reminder", to=group.regular.phone,
                                body="Hoi Fatima", participant=group.regular)  # fmt: skip
    OutboxMessage.objects.filter(pk=old.pk).update(
        created_at=long_ago, status=OutboxStatus.DELIVERED, price="0.08"
    )
    inbound_receive(provider_id="SMold", from_phone=group.regular.phone, body="Leuk!")
    InboundMessage.objects.update(received_at=long_ago)
    # When the retention runs
    assert messages_forget_old() == 1
    # Then the old message keeps what the monthly figures need, and nothing about the person
    old.refresh_from_db()
    assert (old.to, old.body, old.participant_id) == ("", "", None)
    assert old.status == OutboxStatus.DELIVERED and str(old.price) == "0.0800"
    recent.refresh_from_db()
    assert recent.to == group.regular.phone
    assert not InboundMessage.objects.exists()
    # Running again changes nothing
    assert messages_forget_old() == 0


def test_looking_at_the_outbox_is_logged(world, client):
    from audit.models import AccessLog

    client.force_login(world.coordinator)
    client.get("/notifications/outbox/")
    assert AccessLog.objects.filter(user=world.coordinator, detail="outbox").exists()
