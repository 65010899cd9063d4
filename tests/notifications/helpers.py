"""Activities for the notification tests: a fixed afternoon, and a group with its regular
participant, a newcomer, and one without consent to be texted."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from notifications.models import (
    Activity,
    Attendance,
    Enrolment,
    Participant,
    ParticipantConsent,
    Session,
)

# A weekday at 14:00 local time (outside quiet hours), later than any real "now" in a test.
AFTERNOON = timezone.make_aware(timezone.datetime(2030, 3, 12, 14, 0))


@dataclass
class Group:
    activity: Activity
    next_session: Session
    regular: Participant  # present at the last three sessions, SMS consent
    newcomer: Participant  # present once, SMS consent
    without_consent: Participant  # regular, but no SMS consent


def make_participant(team, name, phone, consent=True):
    participant = Participant.objects.create(team=team, name=name, phone=phone)
    if consent:
        ParticipantConsent.objects.create(
            participant=participant, method="written", text_version="2026-1"
        )
    return participant


def make_group(team, now=AFTERNOON) -> Group:
    activity = Activity.objects.create(team=team, name="Kookgroep", place="Buurthuis De Kroon")
    regular = make_participant(team, "Fatima Amrani", "+31611111111")
    newcomer = make_participant(team, "Kees de Wit", "+31622222222")
    without_consent = make_participant(team, "Joke Smit", "+31633333333", consent=False)
    for participant in (regular, newcomer, without_consent):
        Enrolment.objects.create(activity=activity, participant=participant)
    for weeks_ago in (3, 2, 1):
        session = Session.objects.create(
            activity=activity, starts_at=now - timedelta(weeks=weeks_ago)
        )
        Attendance.objects.create(session=session, participant=regular)
        Attendance.objects.create(session=session, participant=without_consent)
        if weeks_ago == 1:
            Attendance.objects.create(session=session, participant=newcomer)
    next_session = Session.objects.create(activity=activity, starts_at=now + timedelta(hours=20))
    return Group(activity, next_session, regular, newcomer, without_consent)
