"""Workload per peer, cases without visits, the overdue board: right figures, fixed cost."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outreach.models import EditConflict, FollowUp, Signal, SignalTheme, VolunteerMonth
from outreach.selectors.coordinator import (
    days_since,
    is_escalated,
    open_cases_by_last_visit,
    overdue_board,
    workload,
)
from tests.factories import (
    AssignmentFactory,
    FollowUpFactory,
    HouseholdFactory,
    UserFactory,
    VisitFactory,
)
from tests.helpers import client_for


def overdue(household, peer, days):
    follow_up = FollowUpFactory(household=household, responsible=peer)
    FollowUp.objects.filter(pk=follow_up.pk).update(
        due_date=timezone.localdate() - timedelta(days=days)
    )
    return follow_up


def test_workload_counts_cases_visits_and_overdue_follow_ups_per_peer(world):
    # Given peer-noord-1 leads two cases (buddy on none), visited 3 times this month and once
    # 40 days ago, with one overdue follow-up
    team = world.household.team
    second = HouseholdFactory(team=team)
    AssignmentFactory(household=second, lead=world.peer)
    VisitFactory(household=second, peers=[world.peer])
    VisitFactory(household=world.household, peers=[world.peer, world.buddy])
    VisitFactory(household=second, peers=[world.peer], started_at=timezone.now() - timedelta(3))
    VisitFactory(household=second, peers=[world.peer], started_at=timezone.now() - timedelta(40))
    overdue(world.household, world.peer, days=3)
    # A closed case and the other team's work do not count
    closed = HouseholdFactory(team=team, status="closed")
    AssignmentFactory(household=closed, lead=world.peer)
    # When the coordinator looks at the workload
    rows = {peer.username: peer for peer in workload(user=world.coordinator)}
    # Then the figures are right
    mine = rows["peer-noord-1"]
    assert (mine.open_cases, mine.leading, mine.visits_last_30_days, mine.overdue_follow_ups) == (
        2, 2, 3, 1
    )  # fmt: skip
    assert days_since(mine.last_visit_at) <= 1
    buddy = rows["peer-noord-2"]
    assert (buddy.open_cases, buddy.leading, buddy.visits_last_30_days) == (1, 0, 1)
    assert "peer-zuid-1" not in rows


def test_cases_without_a_visit_for_weeks_come_first_and_are_flagged(world, settings):
    settings.COORDINATOR_NO_VISIT_WEEKS = 6
    forgotten = HouseholdFactory(team=world.household.team)
    AssignmentFactory(household=forgotten, lead=world.other_peer)
    # Midday eight weeks ago in local time: "now minus 8 weeks" is 55 days ago by the
    # calendar late in the evening when a change of clocks lies in between.
    eight_weeks_ago = timezone.localdate() - timedelta(weeks=8)
    VisitFactory(
        household=forgotten,
        started_at=timezone.make_aware(datetime.combine(eight_weeks_ago, time(12))),
    )
    cases = list(open_cases_by_last_visit(user=world.coordinator))
    assert cases[0] == forgotten and days_since(cases[0].last_visit_at) >= 56


def test_overdue_board_escalates_what_is_overdue_too_long(world, settings):
    settings.COORDINATOR_ESCALATION_DAYS = 14
    recent = overdue(world.household, world.peer, days=2)
    old = overdue(world.household, world.buddy, days=20)
    overdue(world.other_household, world.other_household.assignments.get().lead, days=30)
    board = list(overdue_board(user=world.coordinator))
    assert board == [old, recent]
    assert [is_escalated(follow_up) for follow_up in board] == [True, False]
    response = client_for(world.coordinator).get("/api/v1/coordinator/overdue-follow-ups/")
    assert [row["escalated"] for row in response.json()["results"]] == [True, False]


def grow_team(world, peers: int, cases_each: int):
    team = world.household.team
    for number in range(peers):
        peer = UserFactory(team=team)
        VolunteerMonth.objects.create(
            user=peer, team=team, month=date(2026, 1, 1), hours=10, allowance=20
        )
        for _ in range(cases_each):
            household = HouseholdFactory(team=team)
            AssignmentFactory(household=household, lead=peer, buddy=world.buddy)
            VisitFactory(household=household, peers=[peer])
            overdue(household, peer, days=20)
            HouseholdFactory(team=team, status="closed", closed_at=timezone.now())
            Signal.objects.create(
                team=team,
                theme=SignalTheme.objects.first(),
                neighbourhood_code="BU16740101",
                neighbourhood_year=2025,
                description="Nood",
                households_concerned=2,
                status="forwarded" if number % 2 else "new",
            )
            EditConflict.objects.create(
                household=household,
                record_type="household",
                record_id=household.pk,
                base_version=1,
                current_version=2,
                submitted={"adults": 2},
                current={"adults": 1},
            )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/coordinator/workload/",
        "/api/v1/coordinator/overdue-follow-ups/",
        "/api/v1/coordinator/intake/",
        "/api/v1/declines/",
        "/coordinator/workload/",
        "/coordinator/overdue/",
        "/coordinator/intake/",
        "/coordinator/closed/",
        "/coordinator/conflicts/",
        "/coordinator/signals/",
        "/coordinator/team/",
        "/",
        "/api/v1/signals/",
        "/api/v1/volunteer-months/",
    ],
)
def test_coordinator_lists_cost_the_same_for_few_and_many_rows(
    world, url, django_assert_max_num_queries
):
    client = client_for(world.coordinator)
    client.force_login(world.coordinator)
    grow_team(world, peers=1, cases_each=1)
    HouseholdFactory(team=world.household.team, status="new")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow_team(world, peers=8, cases_each=4)
    for _ in range(20):
        HouseholdFactory(team=world.household.team, status="new")
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
