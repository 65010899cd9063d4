"""The pages people wait for ask the database a fixed number of questions, however long a
household's history, however large the caseload or the team, however many districts a
municipality has (bench/bench_pages.py measures them at national size). Today and the
coordinator's intake queue, workload and overdue boards have theirs in
tests/peer/test_pages.py and tests/coordinator/test_workload.py."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reach.services import reach_refresh
from tests.factories import (
    AssignmentFactory,
    FollowUpFactory,
    HouseholdFactory,
    ProvisionCheckFactory,
    UserFactory,
    VisitFactory,
    WishFactory,
)


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_history(world, years: int, per_year: int) -> None:
    household = world.household
    for year in range(years):
        for number in range(per_year):
            when = timezone.now() - timedelta(days=365 * year + 7 * number + 1)
            VisitFactory(household=household, peers=[world.peer, world.buddy], started_at=when)
        WishFactory(household=household)
        ProvisionCheckFactory(household=household)
        FollowUpFactory(household=household, responsible=world.peer)


def test_the_household_page_costs_the_same_for_a_short_and_a_three_year_history(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.peer)
    url = reverse("peer:household", args=[world.household.pk])
    add_history(world, years=1, per_year=1)
    few = queries_of(client, url)
    add_history(world, years=3, per_year=12)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200


def grow_caseload_and_team(world, households: int, peers: int) -> None:
    team = world.household.team
    for _ in range(peers):
        UserFactory(team=team)
    for _ in range(households):
        household = HouseholdFactory(team=team)
        AssignmentFactory(household=household, lead=world.peer, buddy=world.buddy)
        VisitFactory(household=household, peers=[world.peer])


def test_the_visit_form_costs_the_same_in_a_small_and_a_large_team(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.peer)
    url = reverse("peer:visit", args=[world.household.pk])
    add_history(world, years=1, per_year=1)
    grow_caseload_and_team(world, households=1, peers=1)
    few = queries_of(client, url)
    add_history(world, years=3, per_year=12)
    grow_caseload_and_team(world, households=25, peers=15)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200


def add_districts(world, districts: range) -> None:
    for district in districts:
        for team in (world.household.team, world.other_household.team):
            HouseholdFactory(
                team=team,
                neighbourhood_code=f"BU1674{district:02d}01",
                created_at=timezone.now() - timedelta(days=400),
            )


def test_the_municipality_dashboard_costs_the_same_for_few_and_many_districts(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.municipality_user)
    municipality = world.household.team.municipality
    add_districts(world, range(1, 3))
    reach_refresh(municipality=municipality, today=date.today())
    few = queries_of(client, "/reach/")
    add_districts(world, range(3, 30))
    reach_refresh(municipality=municipality, today=date.today())
    with django_assert_max_num_queries(few):
        assert client.get("/reach/").status_code == 200
