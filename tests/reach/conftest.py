from datetime import date, timedelta

import pytest

from notifications.models import (
    Activity,
    Attendance,
    Enrolment,
    OutboxMessage,
    OutboxStatus,
    Participant,
    Session,
)
from outreach.models import Household
from reach.services import reach_refresh
from tests.factories import HouseholdFactory, own_score
from tests.reach.helpers import TODAY, moment


@pytest.fixture
def fixed_data(world):
    """A fixed data set beside the world's two households (registered after TODAY):
    WK167401: 14 Noord households registered 10 February 2026, still open;
    WK167409: 3 Noord households registered 15 February 2026 (a tiny district);
    WK167403: 12 Zuid households registered 5 May 2026, 6 of them closed 20 August 2026
    with their own scores 8, 8, 9, 7, 6, 10 (the coordinator's estimates, all 1, never count)."""
    noord, zuid = world.household.team, world.other_household.team
    for _ in range(14):
        HouseholdFactory(team=noord, neighbourhood_code="BU16740101", created_at=moment(
            date(2026, 2, 10)), known_to_municipality="no")  # fmt: skip
    for _ in range(3):
        HouseholdFactory(team=noord, neighbourhood_code="BU16740901",
                         created_at=moment(date(2026, 2, 15)))  # fmt: skip
    scores = [8, 8, 9, 7, 6, 10]
    for number in range(12):
        closed = number < 6
        household = HouseholdFactory(
            team=zuid,
            neighbourhood_code="BU16740301",
            created_at=moment(date(2026, 5, 5)),
            status="closed" if closed else "active",
            closed_at=moment(date(2026, 8, 20)) if closed else None,
            closing_reason="goals_reached" if closed else "",
            satisfaction=1 if closed else None,
        )
        if closed:
            own_score(household, scores[number])
    return world


@pytest.fixture
def refreshed(fixed_data):
    municipality = fixed_data.household.team.municipality
    reach_refresh(municipality=municipality, today=TODAY)
    return fixed_data


JULY = [date(2026, 7, 6) + timedelta(weeks=week) for week in range(4)]


@pytest.fixture
def activity_data(fixed_data):
    """Noord's cooking group: 12 participants from 12 of the 14 Noord households in
    WK167401, 3 people with no household. Four sessions held in July 2026 and one
    cancelled: the 12 come to all four, the 3 to the first only. A walking group of Noord
    with two sessions in August, 11 of the same participants present. Messages: 14 went out
    to participants (11 delivered, 3 not), 1 failed, 2 to a peer (not counted)."""
    team = fixed_data.household.team
    households = list(
        Household.objects.filter(team=team, neighbourhood_code="BU16740101").order_by("pk")
    )[:12]
    linked = [
        Participant.objects.create(team=team, name=f"Lid {n}", household=household)
        for n, household in enumerate(households)
    ]
    loose = [Participant.objects.create(team=team, name=f"Buur {n}") for n in range(3)]
    cooking = Activity.objects.create(team=team, name="Kookgroep")
    walking = Activity.objects.create(team=team, name="Wandelgroep")
    for person in linked + loose:
        Enrolment.objects.create(activity=cooking, participant=person)
    for number, day in enumerate(JULY):
        session = Session.objects.create(activity=cooking, starts_at=moment(day))
        for person in linked + (loose if number == 0 else []):
            Attendance.objects.create(session=session, participant=person)
    cancelled = Session.objects.create(
        activity=cooking, starts_at=moment(date(2026, 7, 30)), cancelled=True
    )
    for person in linked:
        Attendance.objects.create(session=cancelled, participant=person)
    for day in (date(2026, 8, 3), date(2026, 8, 10)):
        session = Session.objects.create(activity=walking, starts_at=moment(day))
        for person in linked[:11]:
            Attendance.objects.create(session=session, participant=person)

    def message(number, status, **recipient):
        OutboxMessage.objects.create(
            idempotency_key=f"test-{number}", kind="reminder", to="+31611000000", body="Tot zo",
            team=team, status=status, sent_at=moment(date(2026, 7, 5)), **recipient,
        )  # fmt: skip

    for number, person in enumerate(linked + loose[:2]):
        message(number, OutboxStatus.DELIVERED if number < 11 else OutboxStatus.UNDELIVERED,
                participant=person)  # fmt: skip
    message(20, OutboxStatus.FAILED, participant=linked[0])
    message(21, OutboxStatus.DELIVERED, user=fixed_data.peer)
    message(22, OutboxStatus.SENT, user=fixed_data.peer)
    reach_refresh(municipality=team.municipality, today=TODAY)
    return fixed_data
