"""The coordinator's page of stalled applications: submitted, past the decision term, no
decision yet."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outreach.services.applications import application_start, application_submit
from tests.factories import AssignmentFactory, HouseholdFactory, ProvisionCheckFactory, UserFactory
from tests.helpers import client_for

TODAY = timezone.localdate()


def submitted(household, peer, *, weeks_ago: int):
    check = ProvisionCheckFactory(household=household)
    application = application_start(
        provision_check=check, started_by=peer, started_on=TODAY - timedelta(weeks=weeks_ago)
    )
    return application_submit(
        application=application,
        submitted_by=peer,
        submitted_on=TODAY - timedelta(weeks=weeks_ago),
    )


def stalled_in_team(world, count: int):
    for _ in range(count):
        peer = UserFactory(team=world.household.team)
        household = HouseholdFactory(team=world.household.team)
        AssignmentFactory(household=household, lead=peer)
        submitted(household, peer, weeks_ago=10)


def test_the_coordinator_sees_the_applications_past_their_term_in_their_team(client, world):
    # Given one application past its 8-week term, one still within it, one of another team
    late = submitted(world.household, world.peer, weeks_ago=9)
    submitted(world.household, world.peer, weeks_ago=2)
    submitted(world.other_household, world.other_household.assignments.get().lead, weeks_ago=9)
    # When the coordinator opens the stalled applications
    client.force_login(world.coordinator)
    response = client.get(reverse("coordinator:stalled-applications"))
    # Then only the late one of their own team is listed, a week past its term
    rows = response.context["applications"]
    assert [row.pk for row in rows] == [late.pk]
    assert rows[0].days_past_term == 7
    assert world.household.reference in response.content.decode()
    assert world.other_household.reference not in response.content.decode()


@pytest.mark.parametrize(
    "url", [reverse("coordinator:stalled-applications"), "/api/v1/applications/"]
)
def test_application_lists_cost_the_same_for_few_and_many_rows(
    world, url, django_assert_max_num_queries
):
    client = client_for(world.coordinator)
    client.force_login(world.coordinator)
    stalled_in_team(world, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    stalled_in_team(world, 12)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
