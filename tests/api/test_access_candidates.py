"""Candidates for the team and team memberships on the API, for every role.

A peer proposes and sees the candidates they proposed; the coordinator of the team follows
them all and records the steps; the other team's coordinator finds none (404). Memberships
are for coordinators: peers and the municipality get 403."""

from django.utils import timezone

from outreach.models import PeerCandidate, TeamMembership
from tests.access import call_as, matrix_cases, statuses
from tests.conftest import World
from tests.factories import HouseholdFactory, PeerCandidateFactory, plan_with_steps

expect = statuses(
    anonymous=401, peer=200, other_peer=404, coordinator=200, other_coordinator=404,
    municipality_user=403, admin=200,
)  # fmt: skip
COORDINATOR = statuses(
    anonymous=401, peer=403, other_peer=403, coordinator=200, other_coordinator=404,
    municipality_user=403, admin=200,
)  # fmt: skip


def candidate(world: World) -> PeerCandidate:
    """A candidate of the world's household, proposed by its lead peer."""
    return PeerCandidate.objects.filter(household=world.household).first() or (
        PeerCandidateFactory(household=world.household, proposed_by=world.peer)
    )


def more_active(world: World):
    """The world's household went up the ladder (made once per test)."""
    if not world.household.ladder_steps.exists():
        plan_with_steps(world.household, [2, 4])
    return world.household


def membership(world: World) -> TeamMembership:
    return TeamMembership.objects.get(user=world.other_peer)


TODAY = lambda w: timezone.localdate().isoformat()  # noqa: E731

CASES = [
    ("peer candidates list", "get", lambda w: "/api/v1/peer-candidates/", None,
     expect(other_peer=200, other_coordinator=200)),
    ("peer candidates create", "post", lambda w: "/api/v1/peer-candidates/",
     lambda w: {"household": more_active(w).pk, "name": "Anja", "agreed": True,
                "consent_method": "verbal"},
     expect(peer=201, coordinator=201, admin=201, other_peer=400, other_coordinator=400)),
    ("peer candidates retrieve", "get",
     lambda w: f"/api/v1/peer-candidates/{candidate(w).pk}/", None, expect()),
    ("peer candidates step", "post",
     lambda w: f"/api/v1/peer-candidates/{candidate(w).pk}/step/",
     lambda w: {"status": "introduction_talk", "on": TODAY(w)},
     expect(peer=403)),
    ("team memberships list", "get", lambda w: "/api/v1/team-memberships/", None,
     COORDINATOR(other_coordinator=200)),
    ("team memberships retrieve", "get",
     lambda w: f"/api/v1/team-memberships/{membership(w).pk}/", None, COORDINATOR()),
    ("team memberships privacy instruction", "post",
     lambda w: f"/api/v1/team-memberships/{membership(w).pk}/privacy-instruction/",
     lambda w: {"on": TODAY(w)}, COORDINATOR()),
    ("team memberships end", "post",
     lambda w: f"/api/v1/team-memberships/{membership(w).pk}/end/",
     lambda w: {"ended_on": TODAY(w), "left_for": "paid_work"}, COORDINATOR()),
]  # fmt: skip


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
