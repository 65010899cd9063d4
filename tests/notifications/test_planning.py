"""Appreciation, group messages, templates, the household's verdict, peers' reminders,
segment counting and the regular-participant selector."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from notifications.models import (
    Attendance,
    Enrolment,
    EnrolmentRole,
    HouseholdVerdict,
    MessageKind,
    OutboxMessage,
    OutboxStatus,
    Session,
)
from notifications.selectors import regular_participant_ids
from notifications.services.activities import attendance_record
from notifications.services.inbound import inbound_receive
from notifications.services.outbox import dispatch_due
from notifications.services.planning import (
    group_message_send,
    peers_remind_overdue,
    preference_set,
    template_save,
)
from notifications.text import count_segments
from outreach.models import ConsentScope
from outreach.services.consent import consent_give
from outreach.services.households import household_close
from tests.factories import FollowUpFactory, consent_text
from tests.helpers import client_for
from tests.notifications.helpers import AFTERNOON, make_group


@pytest.fixture
def live_group(world):
    return make_group(world.household.team, now=timezone.now())


def test_regular_is_present_m_of_last_n_or_enrolled_as_regular(live_group):
    regulars = regular_participant_ids(activity_ids=[live_group.activity.pk])
    assert regulars[live_group.activity.pk] == {
        live_group.regular.pk,
        live_group.without_consent.pk,
    }
    Enrolment.objects.filter(participant=live_group.newcomer).update(is_regular=True)
    regulars = regular_participant_ids(activity_ids=[live_group.activity.pk])
    assert live_group.newcomer.pk in regulars[live_group.activity.pk]


def test_regular_participants_of_many_activities_in_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    groups = [make_group(world.household.team, now=timezone.now()) for _ in range(5)]
    with django_assert_max_num_queries(3):
        regulars = regular_participant_ids(activity_ids=[g.activity.pk for g in groups])
    assert all(len(ids) == 2 for ids in regulars.values())


def test_fifth_attendance_earns_a_milestone_and_helpers_are_thanked(live_group, world):
    Enrolment.objects.filter(participant=live_group.regular).update(role=EnrolmentRole.VOLUNTEER)
    for weeks_ago in (5,):
        session = Session.objects.create(
            activity=live_group.activity, starts_at=timezone.now() - timedelta(weeks=weeks_ago)
        )
        Attendance.objects.create(session=session, participant=live_group.regular)
    today = Session.objects.create(
        activity=live_group.activity, starts_at=timezone.now() - timedelta(hours=2)
    )
    attendance_record(session=today, present_ids=[live_group.regular.pk], absent_ids=[],
                      recorded_by=world.peer)  # fmt: skip
    kinds = set(OutboxMessage.objects.values_list("kind", flat=True))
    assert kinds == {MessageKind.MILESTONE, MessageKind.SESSION_THANKS}
    assert "5 keer" in OutboxMessage.objects.get(kind=MessageKind.MILESTONE).body


def test_group_message_goes_to_enrolled_participants_with_consent(live_group, world):
    planned = group_message_send(
        activity=live_group.activity, body="Dank je wel {name}, 40 mensen aten samen!",
        by=world.coordinator,
    )  # fmt: skip
    assert planned == 2
    assert set(OutboxMessage.objects.values_list("to", flat=True)) == {
        live_group.regular.phone,
        live_group.newcomer.phone,
    }
    assert OutboxMessage.objects.filter(body__startswith="Dank je wel Fatima").exists()


def test_group_message_sent_twice_with_the_same_key_goes_out_once(live_group, world):
    # Given the coordinator presses Send twice (the composer's key stays the same)
    for _press in range(2):
        group_message_send(activity=live_group.activity, body="Tot donderdag, {name}!",
                           by=world.coordinator, key="composer-1234")  # fmt: skip
    # Then each participant with consent gets it once
    assert OutboxMessage.objects.filter(kind=MessageKind.GROUP_MESSAGE).count() == 2
    # And a new message (a new key) goes out again
    group_message_send(activity=live_group.activity, body="Tot volgende week!",
                       by=world.coordinator, key="composer-5678")  # fmt: skip
    assert OutboxMessage.objects.filter(kind=MessageKind.GROUP_MESSAGE).count() == 4


def test_composer_page_sends_once_when_submitted_twice(live_group, world, client):
    client.force_login(world.coordinator)
    url = f"/notifications/activities/{live_group.activity.pk}/compose/"
    page = client.get(url)
    key = page.context["key"]
    for _press in range(2):
        client.post(url, {"body": "Dank je wel, {name}!", "key": key})
    assert OutboxMessage.objects.filter(kind=MessageKind.GROUP_MESSAGE).count() == 2


@pytest.mark.parametrize("body", ["Hulp bij je schulden", "Vergeet je uitkering niet",
                                  "Hoe is je gezondheid?", "Help with your debts"])  # fmt: skip
def test_template_with_sensitive_words_is_refused(world, body):
    with pytest.raises(ValidationError) as error:
        template_save(team=world.household.team, kind=MessageKind.REMINDER, language="nl",
                      body=body, by=world.coordinator)  # fmt: skip
    assert "body" in error.value.message_dict


def test_template_with_an_unknown_placeholder_is_refused(world):
    with pytest.raises(ValidationError):
        template_save(team=world.household.team, kind=MessageKind.REMINDER, language="nl",
                      body="Hoi {bsn}", by=world.coordinator)  # fmt: skip


def test_coordinators_template_is_used_for_the_next_reminder(live_group, world):
    from notifications.services.planning import reminders_plan

    template_save(team=world.household.team, kind=MessageKind.REMINDER, language="nl",
                  body="{name}: {activity} om {time}! STOP?", by=world.coordinator)  # fmt: skip
    reminders_plan()
    assert OutboxMessage.objects.get().body.startswith("Fatima: Kookgroep om")


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [("a" * 160, "GSM-7", 1), ("a" * 161, "GSM-7", 2), ("€" * 80, "GSM-7", 1),
     ("€" * 81, "GSM-7", 2), ("ł" * 70, "UCS-2", 1), ("ł" * 71, "UCS-2", 2), ("", "GSM-7", 0),
     ("😀" * 35, "UCS-2", 1), ("a" * 306, "GSM-7", 2), ("a" * 307, "GSM-7", 3)],
)  # fmt: skip
def test_segments_are_counted_as_the_network_counts_them(text, encoding, segments):
    count = count_segments(text)
    assert (count.encoding, count.segments) == (encoding, segments)


def sms_consent(world):
    text = consent_text(ConsentScope.SMS)
    consent_give(household=world.household, scope=ConsentScope.SMS, text=text, method="verbal",
                 recorded_by=world.peer)  # fmt: skip


def close(world, reason="goals_reached"):
    # The score request follows the closing once it is committed.
    with TestCase.captureOnCommitCallbacks(execute=True):
        household_close(household=world.household, closed_by=world.coordinator,
                        reason=reason, satisfaction=8, became_more_active=True)  # fmt: skip


def test_closing_a_case_with_sms_consent_asks_the_household_for_a_score(world):
    sms_consent(world)
    close(world)
    message = OutboxMessage.objects.get(kind=MessageKind.VERDICT_REQUEST)
    assert message.to == world.household.phone and "1 tot 10" in message.body
    inbound_receive(provider_id="SM1", from_phone=world.household.phone, body="een 9!")
    verdict = HouseholdVerdict.objects.get(household=world.household)
    assert verdict.score == 9
    world.household.refresh_from_db()
    assert world.household.satisfaction == 8  # the peer's score stays beside it


def test_unclear_reply_gets_one_friendly_retry_only(world):
    sms_consent(world)
    close(world)
    inbound_receive(provider_id="SM1", from_phone=world.household.phone, body="heel goed")
    inbound_receive(provider_id="SM2", from_phone=world.household.phone, body="super")
    assert OutboxMessage.objects.filter(kind=MessageKind.VERDICT_RETRY).count() == 1
    inbound_receive(provider_id="SM3", from_phone=world.household.phone, body="7")
    assert HouseholdVerdict.objects.get().score == 7


@pytest.mark.parametrize("reason", ["moved", "no_contact", "no_further_help_wanted"])
def test_no_score_request_after_a_closing_where_it_makes_no_sense(world, reason):
    # Given a household that agreed to text messages
    sms_consent(world)
    # When its case closes because it moved, could not be reached or wants no more help
    close(world, reason=reason)
    # Then it is not asked for a score: no foot in the door
    assert not OutboxMessage.objects.filter(kind=MessageKind.VERDICT_REQUEST).exists()
    assert not HouseholdVerdict.objects.exists()


def test_no_score_request_when_the_closing_is_rolled_back(world):
    sms_consent(world)
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        household_close(
            household=world.household,
            closed_by=world.coordinator,
            reason="goals_reached",
            satisfaction=8,
            became_more_active=True,
        )
        transaction.set_rollback(True)
    assert not OutboxMessage.objects.filter(kind=MessageKind.VERDICT_REQUEST).exists()


def test_closing_without_sms_consent_sends_nothing(world):
    close(world)
    assert not OutboxMessage.objects.exists()
    assert not HouseholdVerdict.objects.exists()


def test_peer_who_chose_sms_hears_about_overdue_follow_ups_without_names(world):
    FollowUpFactory(household=world.household, responsible=world.peer,
                    due_date=timezone.localdate() - timedelta(days=3))  # fmt: skip
    preference_set(user=world.peer, channel="sms", phone="06 12345678")
    assert peers_remind_overdue() == 1
    assert peers_remind_overdue() == 0  # once a day
    message = OutboxMessage.objects.get()
    assert message.kind == MessageKind.PEER_OVERDUE and message.to == "+31612345678"
    assert world.household.contact_name not in message.body


def test_paused_household_gets_no_score_request_and_case_workers_see_it(world):
    # Given the peer pauses texts to the household (through the API)
    sms_consent(world)
    client = client_for(world.peer)
    url = f"/api/v1/household-sms/{world.household.pk}/"
    response = client.put(url + "pause/", {"paused": True}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["paused"] is True, response.content
    # When the case closes, the score request is planned but never sent
    close(world)
    dispatch_due(now=AFTERNOON)
    message = OutboxMessage.objects.get(kind=MessageKind.VERDICT_REQUEST)
    assert message.status == OutboxStatus.CANCELLED and message.error_code == "not_allowed"
    assert "huishouden" in message.error_message  # "paused" in Dutch, the default language
    # And the coordinator can resume (the peer's assignment ended with the case)
    resumed = client_for(world.coordinator).put(url + "pause/", {"paused": False}, format="json")
    assert resumed.json()["paused"] is False


def test_households_own_score_is_shown_beside_the_peers(world):
    sms_consent(world)
    close(world)
    inbound_receive(provider_id="SM1", from_phone=world.household.phone, body="8")
    answer = client_for(world.coordinator).get(f"/api/v1/household-sms/{world.household.pk}/")
    assert answer.json()["own_verdict"]["score"] == 8
    assert answer.json()["sms_consent"] is True
    # and in the coordinators' monthly figures
    summary = client_for(world.coordinator).get("/api/v1/outbox/summary/").json()
    assert summary[0]["verdicts_asked"] == 1 and summary[0]["verdicts_answered"] == 1
    assert summary[0]["verdict_average"] == 8.0


@pytest.mark.parametrize("times", [10, 25])
def test_tenth_and_twenty_fifth_time_earn_a_milestone(live_group, world, times):
    # Given the regular came times - 1 times before
    for n in range(times - 1 - 3):  # make_group already holds three
        session = Session.objects.create(
            activity=live_group.activity, starts_at=timezone.now() - timedelta(days=30 + n)
        )
        Attendance.objects.create(session=session, participant=live_group.regular)
    today = Session.objects.create(
        activity=live_group.activity, starts_at=timezone.now() - timedelta(hours=1)
    )
    # When today's attendance is recorded
    attendance_record(session=today, present_ids=[live_group.regular.pk], absent_ids=[],
                      recorded_by=world.peer)  # fmt: skip
    # Then the milestone names the number
    milestone = OutboxMessage.objects.get(kind=MessageKind.MILESTONE)
    assert f"{times} keer" in milestone.body and milestone.to == live_group.regular.phone


def test_no_milestone_between_milestones(live_group, world):
    today = Session.objects.create(
        activity=live_group.activity, starts_at=timezone.now() - timedelta(hours=1)
    )
    attendance_record(session=today, present_ids=[live_group.regular.pk], absent_ids=[],
                      recorded_by=world.peer)  # fmt: skip
    assert not OutboxMessage.objects.filter(kind=MessageKind.MILESTONE).exists()


def test_english_speaking_participant_gets_the_english_reminder(live_group):
    from notifications.services.planning import reminders_plan

    live_group.regular.language = "en"
    live_group.regular.save()
    reminders_plan()
    body = OutboxMessage.objects.get().body
    assert body.startswith("Hi Fatima") and "Reply STOP" in body


def test_peer_who_chose_email_gets_an_email_not_a_text(world, settings, mailoutbox):
    FollowUpFactory(household=world.household, responsible=world.peer,
                    due_date=timezone.localdate() - timedelta(days=1))  # fmt: skip
    world.peer.email = "peer@example.org"
    world.peer.save()
    preference_set(user=world.peer, channel="email")
    peers_remind_overdue()
    dispatch_due(now=AFTERNOON)
    message = OutboxMessage.objects.get()
    assert message.channel == "email" and message.status == OutboxStatus.SENT
    assert mailoutbox[0].to == ["peer@example.org"]
    assert world.household.contact_name not in mailoutbox[0].body


def test_peer_who_chose_no_reminders_gets_none(world):
    FollowUpFactory(household=world.household, responsible=world.peer,
                    due_date=timezone.localdate() - timedelta(days=1))  # fmt: skip
    preference_set(user=world.peer, channel="none")
    assert peers_remind_overdue() == 0


def test_the_list_of_sensitive_words_is_configurable(world, settings):
    settings.SMS_SENSITIVE_WORDS = ["loterij"]
    with pytest.raises(ValidationError):
        template_save(team=world.household.team, kind=MessageKind.REMINDER, language="nl",
                      body="Win de loterij, {name}. Stuur STOP", by=world.coordinator)  # fmt: skip
    # a word no longer on the list is accepted
    template_save(team=world.household.team, kind=MessageKind.REMINDER, language="nl",
                  body="Hoe is je gezondheid, {name}? STOP", by=world.coordinator)  # fmt: skip


@pytest.mark.parametrize("kind", MessageKind.values)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_built_in_text_is_safe_for_a_shared_phone(kind, language):
    from notifications.text import check_not_sensitive, check_placeholders, render
    from notifications.wording import DEFAULT_TEXTS

    text = DEFAULT_TEXTS[kind][language]
    check_placeholders(text)
    check_not_sensitive(text)
    values = {"name": "Fatima", "activity": "Kookgroep", "date": "dinsdag 3 maart",
              "time": "17:30", "place": "Buurthuis De Kroon", "count": 5}  # fmt: skip
    rendered = render(text, values)
    check_not_sensitive(rendered)
    assert count_segments(rendered).segments <= 2


def test_linking_a_wish_marks_it_realised(live_group, world):
    from notifications.services.activities import wish_link_activity
    from outreach.workflow import WishStatus

    wish = world.household.wishes.first()
    wish_link_activity(wish=wish, activity=live_group.activity, by=world.peer)
    wish.refresh_from_db()
    assert wish.status == WishStatus.REALISED and wish.fulfilment.activity == live_group.activity
