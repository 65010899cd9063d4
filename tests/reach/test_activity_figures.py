"""Activities and text messages in the figures, checked against an independent count on a
fixed data set: k counts the households (or people) behind a figure, not its rows."""

from datetime import date

from notifications.models import Attendance, OutboxMessage, Participant, Session
from reach.disclosure import round_to
from reach.services import reach_refresh
from tests.reach.helpers import TODAY, cell, moment


def independent_counts(start: date, end: date) -> dict:
    """Straight from the tables, without the reach code."""
    held = Session.objects.filter(
        cancelled=False, starts_at__gte=moment(start), starts_at__lte=moment(end)
    )
    present = Attendance.objects.filter(session__in=held, present=True)
    people = {
        row[0] or ("p", row[1])
        for row in present.values_list("participant__household_id", "participant_id")
    }
    sent = OutboxMessage.objects.filter(
        status__in=["sent", "delivered", "undelivered"],
        user__isnull=True,
        sent_at__gte=moment(start),
        sent_at__lte=moment(end),
    )
    return {
        "sessions": held.count(),
        "activities": held.values("activity").distinct().count(),
        "people": len(people),
        "sent": sent.count(),
        "delivered": sent.filter(status="delivered").count(),
    }


def test_activities_and_sessions_held_match_an_independent_count(activity_data):
    # Given the fixed data set, when the third quarter is compared with a direct count
    counts = independent_counts(date(2026, 7, 1), date(2026, 9, 30))
    assert counts == {"sessions": 6, "activities": 2, "people": 15, "sent": 14, "delivered": 11}
    # Then sessions and activities are published (15 people behind them), rounded to 5
    assert cell("sessions_held", "2026-Q3").value == round_to(counts["sessions"], 5) == 5
    assert cell("activities_held", "2026-Q3").value == round_to(counts["activities"], 5) == 0
    # The cancelled session is not held
    assert cell("sessions_held", "2026-07").value == 5  # 4 held, rounded


def test_regular_participants_are_counted_as_the_activities_part_defines_them(activity_data):
    # Present 3 of the last 5 sessions: the 12 linked participants from the third July
    # session on; the three others came once and never become regular.
    assert cell("regular_participants", "2026-Q3").value == 10  # 12, rounded
    july = cell("regular_participants", "2026-07")
    assert july.value == 10 and not july.suppressed


def test_messages_sent_and_the_delivery_rate(activity_data):
    # 14 went out to 14 people (12 households and 2 people without one); staff messages and
    # the failed one are left out
    assert cell("messages_sent", "2026-Q3").value == 15  # 14, rounded
    # 11 of the 14 people got their message, 3 did not: a share of 79% would tell about those
    # 3 (fewer than k), so it is not published
    rate = cell("delivery_rate", "2026-Q3")
    assert rate.value is None and rate.reason == "small_group"


def test_k_counts_households_not_participants_or_rows(activity_data, settings):
    # Given k = 13: the walking group's August has 11 households behind it, the cooking
    # group's July 15 people (12 households, 3 people without one)
    settings.REACH_K = 13
    reach_refresh(municipality=activity_data.household.team.municipality, today=TODAY)
    august = cell("sessions_held", "2026-08")
    assert august.suppressed and august.value is None and august.reason == "too_few"
    assert not cell("sessions_held", "2026-07").suppressed
    # 12 regulars come from 12 households: fewer than k, hidden although 4 sessions x 12
    # presences would be 48 rows
    assert cell("regular_participants", "2026-07").reason == "too_few"


def test_a_household_with_two_participants_counts_once_for_k(activity_data, settings):
    # Given a second member of a household that takes part: 13 people, still 12 households
    # and 3 loose people
    first = Participant.objects.filter(household__isnull=False).order_by("pk").first()
    partner = Participant.objects.create(team=first.team, name="Partner", household=first.household)
    session = Session.objects.filter(activity__name="Wandelgroep").first()
    Attendance.objects.create(session=session, participant=partner)
    settings.REACH_K = 12
    reach_refresh(municipality=first.team.municipality, today=TODAY)
    # Then August still has 11 households behind it: suppressed for k = 12
    assert cell("sessions_held", "2026-08").reason == "too_few"
