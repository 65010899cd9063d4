"""Reminders per activity: who counts as regular (M of the last N, per activity), how long
before a session (per activity), and a reminder that always tells the truth about its
session (cancelled or moved sessions)."""

from datetime import timedelta

from django.utils import timezone

from notifications.models import (
    Attendance,
    Enrolment,
    MessageKind,
    OutboxMessage,
    OutboxStatus,
    Session,
)
from notifications.selectors import regular_participant_ids
from notifications.services.activities import enrolment_end, session_update
from notifications.services.outbox import dispatch_due
from notifications.services.planning import reminders_plan
from tests.notifications.helpers import AFTERNOON


def sent_to():
    return set(OutboxMessage.objects.filter(status=OutboxStatus.SENT).values_list("to", flat=True))


def test_regular_follows_the_activitys_own_m_of_n(group):
    # Given the newcomer came to one of the last three sessions
    activity_id = group.activity.pk
    assert (
        group.newcomer.pk
        not in regular_participant_ids(activity_ids=[activity_id], now=AFTERNOON)[activity_id]
    )
    # When this group counts someone regular after once in the last two sessions
    group.activity.regular_min_present, group.activity.regular_window = 1, 2
    group.activity.save()
    # Then the newcomer is regular, and gets the next reminder
    regulars = regular_participant_ids(activity_ids=[activity_id], now=AFTERNOON)[activity_id]
    assert group.newcomer.pk in regulars
    reminders_plan(now=AFTERNOON)
    assert set(OutboxMessage.objects.values_list("to", flat=True)) == {
        group.regular.phone,
        group.newcomer.phone,
    }


def test_only_the_last_n_sessions_count(group):
    # Given the regular came to the last three of three sessions; three later sessions
    # without them push those out of a window of five
    for days in (1, 2, 3):
        Session.objects.create(activity=group.activity, starts_at=AFTERNOON - timedelta(days=days))
    regulars = regular_participant_ids(activity_ids=[group.activity.pk], now=AFTERNOON)
    # Then they came to only 2 of the last 5: no longer regular
    assert group.regular.pk not in regulars[group.activity.pk]


def test_someone_who_left_the_group_gets_no_more_reminders(group):
    # Given the regular participant left the group (enrolment ended)
    enrolment_end(enrolment=Enrolment.objects.get(participant=group.regular))
    # When the reminders are planned
    reminders_plan(now=AFTERNOON)
    # Then they get none, however often they came
    assert not OutboxMessage.objects.filter(to=group.regular.phone).exists()


def test_reminder_time_is_set_per_activity(group):
    # Given the next session is 20 hours away, and this group reminds 12 hours before
    group.activity.reminder_hours_before = 12
    group.activity.save()
    # When the planner runs now: nothing yet
    assert reminders_plan(now=AFTERNOON) == 0
    # and 12 hours before the session the reminder is planned
    assert reminders_plan(now=group.next_session.starts_at - timedelta(hours=12)) == 1
    # A group that reminds 48 hours before plans it two days ahead
    group.activity.reminder_hours_before = 48
    group.activity.save()
    later = Session.objects.create(activity=group.activity, starts_at=AFTERNOON + timedelta(days=5))
    assert reminders_plan(now=later.starts_at - timedelta(hours=49)) == 0
    assert reminders_plan(now=later.starts_at - timedelta(hours=47)) == 1


def test_reminder_of_a_cancelled_session_is_not_sent(group, settings):
    settings.SMS_BACKEND = "console"
    reminders_plan(now=AFTERNOON)
    # When the session is cancelled before the reminder goes out
    session_update(session=group.next_session, data={"cancelled": True})
    dispatch_due(now=AFTERNOON)
    # Then nothing is sent, and the outbox says why
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.CANCELLED and message.error_code == "stale"
    assert sent_to() == set()


def test_moved_session_gets_a_reminder_with_the_new_time_only(group, settings):
    settings.SMS_BACKEND = "console"
    reminders_plan(now=AFTERNOON)
    old = OutboxMessage.objects.get()
    # When the session moves an hour later before the reminder went out
    new_start = group.next_session.starts_at + timedelta(hours=1)
    session_update(session=group.next_session, data={"starts_at": new_start})
    reminders_plan(now=AFTERNOON)
    dispatch_due(now=AFTERNOON)
    # Then the old reminder is dropped and one reminder with the new time goes out
    old.refresh_from_db()
    assert old.status == OutboxStatus.CANCELLED
    sent = OutboxMessage.objects.get(status=OutboxStatus.SENT, kind=MessageKind.REMINDER)
    assert sent.expires_at == new_start
    assert timezone.localtime(new_start).strftime("%H:%M") in sent.body
    # And planning again changes nothing
    assert reminders_plan(now=AFTERNOON) == 0


def test_attendance_of_someone_who_left_does_not_make_them_regular_again(group):
    enrolment_end(enrolment=Enrolment.objects.get(participant=group.regular))
    extra = Session.objects.create(
        activity=group.activity, starts_at=AFTERNOON - timedelta(hours=3)
    )
    Attendance.objects.create(session=extra, participant=group.regular)
    regulars = regular_participant_ids(activity_ids=[group.activity.pk], now=AFTERNOON)
    assert group.regular.pk not in regulars[group.activity.pk]
    # Unless they join again
    Enrolment.objects.create(activity=group.activity, participant=group.regular)
    regulars = regular_participant_ids(activity_ids=[group.activity.pk], now=AFTERNOON)
    assert group.regular.pk in regulars[group.activity.pk]
