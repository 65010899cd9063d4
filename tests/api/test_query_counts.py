"""Lists cost the same number of queries for 1 row and for 50: no query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import add_rows
from tests.factories import HouseholdFactory, PeerCandidateFactory, UserFactory
from tests.helpers import client_for


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


LISTS = ["/api/v1/households/", "/api/v1/visits/", "/api/v1/wishes/",
         "/api/v1/provision-checks/", "/api/v1/follow-ups/", "/api/v1/consents/",
         "/api/v1/users/", "/api/v1/teams/", "/api/v1/provisions/", "/api/v1/plans/",
         "/api/v1/own-scores/"]  # fmt: skip


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("role", ["peer", "coordinator", "admin"])
def test_list_query_count_does_not_grow_with_the_rows(
    world, url, role, django_assert_max_num_queries
):
    client = client_for(getattr(world, role))
    add_rows(world, 1)
    with_one = queries_for(client, url)
    add_rows(world, 49)
    # The page holds 50 rows now, against ~1 before; the budget is the one-row count.
    with django_assert_max_num_queries(with_one):
        response = client.get(url)
    assert response.json()["count"] >= 50 or url.endswith(("teams/", "provisions/"))


def test_candidate_and_membership_lists_cost_the_same_for_1_and_50_rows(
    world, django_assert_max_num_queries
):
    # Given candidates (each with its household, buddy and proposer) and members of the team
    client = client_for(world.coordinator)
    team = world.household.team

    def add(count):
        for _ in range(count):
            PeerCandidateFactory(
                household=HouseholdFactory(team=team), proposed_by=world.peer, buddy=world.buddy
            )
            UserFactory(team=team)

    add(1)
    costs = {url: queries_for(client, url) for url in CANDIDATE_LISTS}
    add(49)
    # Then each list stays within its one-row cost
    for url in CANDIDATE_LISTS:
        with django_assert_max_num_queries(costs[url]):
            assert client.get(url).json()["count"] >= 50


CANDIDATE_LISTS = ["/api/v1/peer-candidates/", "/api/v1/team-memberships/"]
