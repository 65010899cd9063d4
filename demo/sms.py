"""Demo data for activities and text messages: the cooking group of team Noord, with its
regular participants, its next session within a day (so its reminders are planned and go
out through the console back-end), and one participant who texted STOP."""

from datetime import timedelta

from django.utils import timezone

from notifications.models import (
    Activity,
    Attendance,
    Enrolment,
    EnrolmentRole,
    Participant,
    Session,
)
from notifications.services.consent import participant_consent_give
from notifications.services.inbound import inbound_receive
from outreach.models import Team, User

PEOPLE = [  # name, mobile, role, present at the last five sessions
    ("Fatima Amrani", "+31611000001", EnrolmentRole.ORGANISER, 5),
    ("Kees de Wit", "+31611000002", EnrolmentRole.VOLUNTEER, 4),
    ("Joke Smit", "+31611000003", EnrolmentRole.PARTICIPANT, 4),
    ("Henk Jansen", "+31611000004", EnrolmentRole.PARTICIPANT, 3),
    ("Ayse Yilmaz", "+31611000005", EnrolmentRole.PARTICIPANT, 3),
    ("Piet Bakker", "+31611000006", EnrolmentRole.PARTICIPANT, 1),
]
STOPPED = "+31611000004"  # Henk texted STOP: his next reminder is not sent


def seed_sms_demo(*, team: Team, recorded_by: User) -> None:
    now = timezone.now()
    activity, created = Activity.objects.get_or_create(
        team=team,
        name="Kookgroep De Kroon",
        defaults={"place": "Buurthuis De Kroon", "description": "Samen koken en eten."},
    )
    if created:
        for name, phone, role, _times in PEOPLE:
            participant = Participant.objects.create(team=team, name=name, phone=phone)
            participant_consent_give(
                participant=participant, method="written", text_version="2026-1",
                recorded_by=recorded_by,
            )  # fmt: skip
            Enrolment.objects.create(activity=activity, participant=participant, role=role)
        for weeks_ago in range(5, 0, -1):
            session = Session.objects.create(
                activity=activity, starts_at=(now - timedelta(weeks=weeks_ago)).replace(
                    hour=17, minute=30, second=0, microsecond=0)
            )  # fmt: skip
            for participant in activity.enrolments.select_related("participant"):
                times = next(p[3] for p in PEOPLE if p[0] == participant.participant.name)
                if weeks_ago <= times:
                    Attendance.objects.create(session=session, participant=participant.participant)
        inbound_receive(provider_id="DEMO-STOP-1", from_phone=STOPPED, body="STOP")
    if not activity.sessions.filter(starts_at__gt=now).exists():
        # Within the reminder window, so the demo's worker plans and sends its reminders.
        Session.objects.create(activity=activity, starts_at=now + timedelta(hours=20))
