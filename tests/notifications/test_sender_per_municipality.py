"""One deployment, several municipalities: every kind of text message a team sends signs off
with its own municipality's name, and HELP answers with its own number; a municipality that
set none uses the deployment's."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from notifications.models import (
    Attendance,
    Enrolment,
    EnrolmentRole,
    MessageKind,
    OutboxMessage,
    Session,
)
from notifications.services.activities import attendance_record
from notifications.services.inbound import inbound_receive
from notifications.services.planning import (
    group_message_send,
    peers_remind_overdue,
    preference_set,
    reminders_plan,
    template_save,
)
from notifications.text import OPT_OUT_LINES, preview
from outreach.models import ConsentScope, Municipality, Team
from outreach.services.consent import consent_give
from outreach.services.households import household_close
from tests.factories import FollowUpFactory, consent_text
from tests.helpers import client_for
from tests.notifications.helpers import make_group


@pytest.fixture
def bergen(world) -> Municipality:
    """The world's team Noord moved to Bergen op Zoom, which signs its own messages; team
    Zuid stays in Roosendaal, which signs differently."""
    roosendaal = world.household.team.municipality
    Municipality.objects.filter(pk=roosendaal.pk).update(
        sms_sender_name="STA-team Roosendaal", sms_help_contact="0165 111 111"
    )
    bergen = Municipality.objects.create(
        code="GM0748", name="Bergen op Zoom",
        sms_sender_name="STA-team Bergen", sms_help_contact="0164 222 222",
    )  # fmt: skip
    Team.objects.filter(pk=world.household.team_id).update(municipality=bergen)
    return bergen


def send_one_of_every_kind(world) -> None:
    """Everything the team Noord sends: reminders, appreciation, a group message, a peer's
    overdue reminder, the score request and its retry, and the answer to HELP."""
    group = make_group(world.household.team, now=timezone.now())
    reminders_plan(now=group.next_session.starts_at - timedelta(hours=1))
    # The regular volunteers: a fifth time present today earns a milestone and thanks.
    Enrolment.objects.filter(participant=group.regular).update(role=EnrolmentRole.VOLUNTEER)
    earlier = Session.objects.create(
        activity=group.activity, starts_at=timezone.now() - timedelta(weeks=5)
    )
    Attendance.objects.create(session=earlier, participant=group.regular)
    today = Session.objects.create(
        activity=group.activity, starts_at=timezone.now() - timedelta(hours=2)
    )
    attendance_record(session=today, present_ids=[group.regular.pk], absent_ids=[],
                      recorded_by=world.peer)  # fmt: skip
    group_message_send(
        activity=group.activity, body="Tot snel, {name}! {sender}", by=world.coordinator
    )
    FollowUpFactory(household=world.household, responsible=world.peer,
                    due_date=timezone.localdate() - timedelta(days=3))  # fmt: skip
    preference_set(user=world.peer, channel="sms", phone="06 12345678")
    peers_remind_overdue()
    consent_give(household=world.household, scope=ConsentScope.SMS,
                 text=consent_text(ConsentScope.SMS), method="verbal",
                 recorded_by=world.peer)  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=True):
        household_close(household=world.household, closed_by=world.coordinator,
                        reason="goals_reached", satisfaction=8,
                        became_more_active=True)  # fmt: skip
    inbound_receive(provider_id="SM1", from_phone=world.household.phone, body="heel goed")
    inbound_receive(provider_id="SM2", from_phone=group.regular.phone, body="HELP")


def test_every_kind_of_message_signs_off_with_the_teams_own_municipality(world, bergen):
    # Given team Noord in Bergen op Zoom, with its own name and help number
    # When the team sends one message of every kind
    send_one_of_every_kind(world)
    # Then every kind went out, each signed by Bergen op Zoom and never by Roosendaal
    messages = list(OutboxMessage.objects.all())
    assert {message.kind for message in messages} == set(MessageKind.values)
    for message in messages:
        assert "STA-team Bergen" in message.body, message.kind
        assert "Roosendaal" not in message.body, message.kind
    # And HELP answers with Bergen's number
    help_reply = OutboxMessage.objects.get(kind=MessageKind.HELP_REPLY)
    assert "0164 222 222" in help_reply.body


def test_a_municipality_without_its_own_name_uses_the_deployments(world, bergen, settings):
    # Given Bergen op Zoom left its name and number empty
    settings.SMS_SENDER_NAME, settings.SMS_HELP_CONTACT = "Outreach", "0800 000 000"
    Municipality.objects.filter(pk=bergen.pk).update(sms_sender_name="", sms_help_contact="")
    # When the team sends one message of every kind
    send_one_of_every_kind(world)
    # Then each is signed with the deployment's name, HELP gives the deployment's number
    for message in OutboxMessage.objects.all():
        assert "Outreach" in message.body and "STA-team" not in message.body, message.kind
    assert "0800 000 000" in OutboxMessage.objects.get(kind=MessageKind.HELP_REPLY).body


def test_help_from_an_unknown_number_answers_with_the_deployments_name(world, bergen, settings):
    settings.SMS_SENDER_NAME, settings.SMS_HELP_CONTACT = "Outreach", "0800 000 000"
    inbound_receive(provider_id="SM9", from_phone="+31699999999", body="HELP")
    reply = OutboxMessage.objects.get(kind=MessageKind.HELP_REPLY)
    assert "Outreach" in reply.body and "0800 000 000" in reply.body


def test_a_municipality_that_asks_no_score_sends_no_score_request(world, bergen):
    # Given Bergen op Zoom chose not to ask its households for a score
    Municipality.objects.filter(pk=bergen.pk).update(sms_score_requests=False)
    consent_give(household=world.household, scope=ConsentScope.SMS,
                 text=consent_text(ConsentScope.SMS), method="verbal",
                 recorded_by=world.peer)  # fmt: skip
    # When a case of its team closes well, with consent for text messages
    with TestCase.captureOnCommitCallbacks(execute=True):
        household_close(household=world.household, closed_by=world.coordinator,
                        reason="goals_reached", satisfaction=8,
                        became_more_active=True)  # fmt: skip
    # Then the household is not asked for a score
    assert not OutboxMessage.objects.filter(kind=MessageKind.VERDICT_REQUEST).exists()


def test_a_team_template_is_measured_with_its_own_municipalitys_sign_off(world):
    # Given a municipality that signs its messages with a long name (40 characters)
    team = world.household.team
    Municipality.objects.filter(pk=team.municipality_id).update(sms_sender_name="S" * 40)

    def body(length: int) -> str:
        return "{sender}: " + "a" * length + " " + OPT_OUT_LINES["nl"]

    # and a text just too long with that name, that would fit with the deployment's own
    long_name = {"sender": "S" * 40}
    length = next(n for n in range(300, 480) if preview(body(n), signature=long_name).segments > 3)
    assert settings.SMS_MAX_SEGMENTS == 3
    assert preview(body(length)).segments <= 3
    # When the coordinator saves it as the team's reminder
    # Then it is refused: it would go out longer than allowed
    with pytest.raises(ValidationError) as error:
        template_save(team=team, kind=MessageKind.REMINDER, language="nl", body=body(length),
                      by=world.coordinator)  # fmt: skip
    assert "body" in error.value.message_dict
    # And once the municipality signs with the deployment's (shorter) name, it fits
    Municipality.objects.filter(pk=team.municipality_id).update(sms_sender_name="")
    template_save(team=team, kind=MessageKind.REMINDER, language="nl", body=body(length),
                  by=world.coordinator)  # fmt: skip


def test_the_length_counter_counts_with_the_sign_off_the_save_checks_with(world):
    # Given a municipality that signs its messages with a long name (40 characters)
    team = world.household.team
    Municipality.objects.filter(pk=team.municipality_id).update(sms_sender_name="S" * 40)

    def body(length: int) -> str:
        return "{sender}: " + "a" * length + " " + OPT_OUT_LINES["nl"]

    long_name = {"sender": "S" * 40}
    length = next(n for n in range(300, 480) if preview(body(n), signature=long_name).segments > 3)
    coordinator = client_for(world.coordinator)
    # When its coordinator counts a text that the save would refuse, with or without the team
    for extra in ({}, {"team": team.pk}):
        answer = coordinator.post(
            "/api/v1/outbox/segments/", {"body": body(length), **extra}, format="json"
        ).json()
        # Then the counter says it is too long, as the save will
        assert answer["segments"] > answer["max_segments"], extra
    # And a team of another municipality's coordinator is not theirs to name
    other = client_for(world.other_coordinator).post(
        "/api/v1/outbox/segments/", {"body": "hoi", "team": team.pk}, format="json"
    )
    assert other.status_code == 400
