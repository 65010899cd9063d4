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
from tests.notifications.helpers import make_group


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


def test_looking_at_the_outbox_is_logged(world, client):
    from audit.models import AccessLog

    client.force_login(world.coordinator)
    client.get("/notifications/outbox/")
    assert AccessLog.objects.filter(user=world.coordinator, detail="outbox").exists()
