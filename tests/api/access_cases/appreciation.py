"""Appreciation's API routes (thank-yous, milestones, the yearly overview), for every role.

A peer reads their own thank-yous, milestones and overview; a coordinator those of the
members of the teams they coordinate, and thanks them. The other peer and the other team's
coordinator find nothing of the peer (404; 400 when naming the peer in a thank-you); only
the peer puts a thank-you away (403 for who else sees it); the municipality and its
administrator never reach them (403; tests/api/test_access_appreciation.py)."""

from django.utils import timezone

from outreach.models import Appreciation
from outreach.services.appreciation import appreciation_send
from tests.access import statuses
from tests.helpers import World

expect = statuses(
    anonymous=401, peer=200, other_peer=404, coordinator=200, other_coordinator=404,
    municipality_user=403, municipal_admin=403, admin=200,
)  # fmt: skip
EVERY_CASE_WORKER = expect(other_peer=200, other_coordinator=200)


def thanks(world: World) -> Appreciation:
    """The peer's thank-you from the coordinator of team Noord."""
    return Appreciation.objects.filter(peer=world.peer).first() or appreciation_send(
        peer=world.peer,
        team=world.household.team,
        sent_by=world.coordinator,
        message="Dank je voor je inzet deze maand!",
    )


def this_year(world: World) -> str:
    return f"/api/v1/year-overviews/{timezone.localdate().year}/"


CASES = [
    ("appreciations list", "get", lambda w: "/api/v1/appreciations/", None, EVERY_CASE_WORKER),
    ("appreciations thank", "post", lambda w: "/api/v1/appreciations/",
     lambda w: {"peer": w.peer.pk, "message": "Dank je voor je inzet!"},
     expect(peer=403, other_peer=403, coordinator=201, other_coordinator=400, admin=201)),
    ("appreciations retrieve", "get", lambda w: f"/api/v1/appreciations/{thanks(w).pk}/",
     None, expect()),
    ("appreciations dismiss", "post",
     lambda w: f"/api/v1/appreciations/{thanks(w).pk}/dismiss/", None,
     expect(coordinator=403, admin=403)),
    ("milestones list", "get", lambda w: "/api/v1/appreciations/milestones/", None,
     EVERY_CASE_WORKER),
    ("year overview own", "get", this_year, None, EVERY_CASE_WORKER),
    ("year overview of the peer", "get", this_year, lambda w: {"peer": w.peer.pk}, expect()),
]  # fmt: skip
