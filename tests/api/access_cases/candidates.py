"""Candidates for the team and team memberships on the API, for every role.

A peer proposes and sees the candidates they proposed; the coordinator of the team follows
them all and records the steps; the other team's coordinator finds none (404). Memberships
are for coordinators: peers and the municipality get 403."""

from django.utils import timezone

from outreach.models import PeerCandidate, TeamMembership
from tests.access import statuses
from tests.factories import PeerCandidateFactory, plan_with_steps
from tests.helpers import World

expect = statuses(
    anonymous=401, peer=200, other_peer=404, coordinator=200, other_coordinator=404,
    municipality_user=403, municipal_admin=403, admin=200,
)  # fmt: skip
COORDINATOR = statuses(
    anonymous=401, peer=403, other_peer=403, coordinator=200, other_coordinator=404,
    municipality_user=403, municipal_admin=403, admin=200,
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
