"""The routes of candidates for the team and of team memberships, for every role: each gets
the status designed for it. The cases (route, payload, status per role) are in
tests/api/access_cases/candidates.py."""

from tests.access import call_as, matrix_cases
from tests.api.access_cases.candidates import CASES, candidate
from tests.factories import HouseholdFactory, PeerCandidateFactory


@matrix_cases(CASES)
def test_candidates_and_memberships_answer_each_role_as_designed(
    world, role, name, method, url, payload, expected
):
    response = call_as(world, role, method, url, payload, format="json")
    assert response.status_code == expected[role], response.content[:300]


def test_a_peer_sees_only_the_candidates_they_proposed(world):
    # Given a candidate proposed by the coordinator, not by the peer
    PeerCandidateFactory(household=HouseholdFactory(team=world.household.team))
    mine = candidate(world)
    # When the peer lists candidates
    response = call_as(world, "peer", "get", lambda w: "/api/v1/peer-candidates/", None)
    # Then only their own is there
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
