"""Team care's API routes for every role: trainings and meetings (the coordinator records,
the team reads) and expenses with their receipts (the person and their coordinator only)."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from outreach.models import Expense, TeamMeeting, TeamMembership
from tests.access import statuses
from tests.helpers import World

expect = statuses(
    anonymous=401, peer=403, other_peer=403, coordinator=200, other_coordinator=404,
    municipality_user=403, municipal_admin=403, admin=200,
)  # fmt: skip

TEAM_LIST = expect(peer=200, other_peer=200, other_coordinator=200)
TEAM_RECORD = expect(peer=200, other_peer=200)
OWN_RECORD = expect(peer=200, other_peer=404)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def meeting(world: World) -> TeamMeeting:
    return TeamMeeting.objects.get_or_create(
        team=world.household.team,
        kind="training",
        held_on=date(2026, 1, 15),
        defaults={"hours": Decimal("2"), "topic": "Gesprekstechniek"},
    )[0]


def expense(world: World) -> Expense:
    """The peer's expense, with a receipt."""
    found = Expense.objects.filter(user=world.peer).first()
    if found is None:
        found = Expense(
            user=world.peer, team=world.household.team, spent_on=timezone.localdate(),
            kind="bus_fare", amount=Decimal("3.40"),
        )  # fmt: skip
        found.receipt.save("bon.png", ContentFile(PNG))
    return found


def meeting_payload(world: World) -> dict:
    TeamMembership.objects.filter(team=world.household.team).update(started_on=date(2025, 1, 1))
    return {"team": world.household.team_id, "kind": "team_meeting", "held_on": "2026-02-03",
            "hours": "1.5", "topic": "Planning", "attended": [world.peer.pk]}  # fmt: skip


CASES = [
    ("meetings list", "get", lambda w: "/api/v1/team-meetings/", None, TEAM_LIST),
    ("meetings record", "post", lambda w: "/api/v1/team-meetings/", meeting_payload,
     expect(coordinator=201, other_coordinator=400, admin=201)),
    ("meetings retrieve", "get", lambda w: f"/api/v1/team-meetings/{meeting(w).pk}/", None,
     TEAM_RECORD),
    ("meetings correct attendance", "put",
     lambda w: f"/api/v1/team-meetings/{meeting(w).pk}/", meeting_payload,
     expect(admin=200)),
    ("expenses list", "get", lambda w: "/api/v1/expenses/", None, TEAM_LIST),
    # someone submits their own; the admin and the other coordinator are in no team Noord
    ("expenses submit", "post", lambda w: "/api/v1/expenses/",
     lambda w: {"team": w.household.team_id, "spent_on": str(timezone.localdate()),
                "kind": "phone_credit", "amount": "10.00"},
     expect(peer=201, other_peer=201, coordinator=201, other_coordinator=400, admin=400)),
    ("expenses retrieve", "get", lambda w: f"/api/v1/expenses/{expense(w).pk}/", None,
     OWN_RECORD),
    ("expenses delete", "delete", lambda w: f"/api/v1/expenses/{expense(w).pk}/", None,
     expect(peer=204, other_peer=404, coordinator=204, admin=204)),
    ("expenses approve", "post", lambda w: f"/api/v1/expenses/{expense(w).pk}/approve/", None,
     expect(other_peer=404)),
    ("expenses receipt", "get", lambda w: f"/api/v1/expenses/{expense(w).pk}/receipt/", None,
     OWN_RECORD),
]  # fmt: skip
