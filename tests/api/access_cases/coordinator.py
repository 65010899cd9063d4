"""The coordinator workspace's API routes, for every role: the status each must get.

Coordinator operations answer 403 to peers and the municipality; a coordinator of another
team gets an empty list, 404 on a record of the other team and 400 when naming one."""

from outreach.models import FirstContact, PeerDecline, Signal, SignalTheme, VolunteerMonth
from tests.access import statuses
from tests.factories import HouseholdFactory
from tests.helpers import World

expect = statuses(
    anonymous=401, peer=403, other_peer=403, coordinator=200, other_coordinator=404,
    municipality_user=403, municipal_admin=403, admin=200,
)  # fmt: skip


COORDINATOR_LIST = expect(other_coordinator=200)
COORDINATOR_CREATE = expect(coordinator=201, other_coordinator=400, admin=201)
# Signals hold no personal data: the whole team sees them; the other team's are not there.
TEAM_LIST = expect(peer=200, other_peer=200, other_coordinator=200)
TEAM_RECORD = expect(peer=200, other_peer=200)


def intake_household(world: World):
    """A case of team Noord waiting for a lead peer (made once per test)."""
    household = getattr(world, "_intake_household", None)
    if household is None:
        household = HouseholdFactory(team=world.household.team, status="new")
        world._intake_household = household
    return household


def decline(world: World) -> PeerDecline:
    return PeerDecline.objects.get_or_create(
        household=world.household, peer=world.other_peer, defaults={"reason": "Buurman"}
    )[0]


def signal(world: World) -> Signal:
    return Signal.objects.get_or_create(
        team=world.household.team,
        theme=SignalTheme.objects.get(name="Schulden"),
        neighbourhood_code="BU16740101",
        neighbourhood_year=2025,
        description="Veel gezinnen krijgen de energierekening niet betaald.",
        households_concerned=4,
    )[0]


def volunteer_month(world: World) -> VolunteerMonth:
    return VolunteerMonth.objects.get_or_create(
        user=world.peer,
        month="2026-01-01",
        defaults={"team": world.household.team, "hours": 10, "allowance": 50},
    )[0]


CASES = [
    ("intake list", "get", lambda w: "/api/v1/coordinator/intake/", None, COORDINATOR_LIST),
    ("intake suggestions", "get",
     lambda w: f"/api/v1/coordinator/intake/{intake_household(w).pk}/suggestions/", None,
     expect()),
    ("workload list", "get", lambda w: "/api/v1/coordinator/workload/", None, COORDINATOR_LIST),
    ("overdue board", "get", lambda w: "/api/v1/coordinator/overdue-follow-ups/", None,
     COORDINATOR_LIST),
    ("caseload reassign", "post", lambda w: "/api/v1/coordinator/caseload/reassign/",
     lambda w: {"households": [w.household.pk], "lead": w.other_peer.pk, "reason": "Verlof"},
     expect(other_coordinator=400)),
    ("caseload hand over", "post", lambda w: "/api/v1/coordinator/caseload/hand-over/",
     lambda w: {"team": w.household.team_id, "from_peer": w.peer.pk,
                "to_peer": w.other_peer.pk, "reason": "Stopt"},
     expect(other_coordinator=400)),
    ("declines list", "get", lambda w: "/api/v1/declines/", None, COORDINATOR_LIST),
    ("declines create", "post", lambda w: "/api/v1/declines/",
     lambda w: {"household": w.household.pk, "peer": w.other_peer.pk, "reason": "Buurman"},
     COORDINATOR_CREATE),
    ("declines retrieve", "get", lambda w: f"/api/v1/declines/{decline(w).pk}/", None, expect()),
    ("declines lift", "delete", lambda w: f"/api/v1/declines/{decline(w).pk}/", None,
     expect(coordinator=204, admin=204)),
]  # fmt: skip


def first_contact(world: World) -> FirstContact:
    return FirstContact.objects.get_or_create(
        team=world.household.team, outcome="not_now", referral_source="neighbour"
    )[0]


def signal_payload(world: World) -> dict:
    return {
        "theme": SignalTheme.objects.get(name="Eenzaamheid").pk,
        "neighbourhood_code": "BU16740101",
        "description": "Ouderen in de flat komen de deur niet meer uit.",
        "households_concerned": 6,
    }


CASES += [
    ("signals list", "get", lambda w: "/api/v1/signals/", None, TEAM_LIST),
    ("signals create", "post", lambda w: "/api/v1/signals/",
     lambda w: {**signal_payload(w), "team": w.household.team_id},
     expect(peer=201, other_peer=201, coordinator=201, other_coordinator=400, admin=201)),
    ("signals retrieve", "get", lambda w: f"/api/v1/signals/{signal(w).pk}/", None, TEAM_RECORD),
    ("signals forward", "post", lambda w: f"/api/v1/signals/{signal(w).pk}/forward/",
     lambda w: {"note": "", "confirmed_no_personal_data": True}, expect()),
    ("signals set aside", "post", lambda w: f"/api/v1/signals/{signal(w).pk}/set-aside/",
     lambda w: {"note": "Al bekend bij de gemeente"}, expect()),
    ("signal themes list", "get", lambda w: "/api/v1/signal-themes/", None, TEAM_LIST),
    ("signal themes add", "post", lambda w: "/api/v1/signal-themes/",
     lambda w: {"name": "Vervoer"},
     expect(peer=405, other_peer=405, coordinator=405, other_coordinator=405, admin=405)),
    ("volunteer months list", "get", lambda w: "/api/v1/volunteer-months/", None, TEAM_LIST),
    ("volunteer months record", "post", lambda w: "/api/v1/volunteer-months/",
     lambda w: {"user": w.peer.pk, "team": w.household.team_id, "month": "2026-02-01",
                "hours": "12.0", "allowance": "60.00"},
     COORDINATOR_CREATE),
    ("allowance limits list", "get", lambda w: "/api/v1/allowance-limits/", None, TEAM_LIST),
    ("first contacts list", "get", lambda w: "/api/v1/first-contacts/", None, TEAM_LIST),
    ("first contacts note", "post", lambda w: "/api/v1/first-contacts/",
     lambda w: {"team": w.household.team_id, "outcome": "interested",
                "referral_source": "food_bank", "neighbourhood_code": "BU16740101"},
     expect(peer=201, other_peer=201, coordinator=201, other_coordinator=400, admin=201)),
    ("first contacts retrieve", "get",
     lambda w: f"/api/v1/first-contacts/{first_contact(w).pk}/", None, TEAM_RECORD),
]  # fmt: skip
