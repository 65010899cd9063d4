"""The municipality's signals inbox, for every role: the status each must get.

Only the municipality's officials (and the operator, reading along) open the inbox; the
teams and anyone else are refused (403). Only the signal's own municipality answers it."""

from django.utils import timezone

from outreach.models import Signal, SignalStatus, SignalTheme
from tests.access import statuses
from tests.helpers import World

expect = statuses(
    anonymous=401, peer=403, other_peer=403, coordinator=403, other_coordinator=403,
    # The municipal administrator keeps teams, accounts and the catalogue, not the signals.
    municipality_user=200, municipal_admin=403, admin=200,
)  # fmt: skip


def forwarded(world: World, status: str = SignalStatus.FORWARDED) -> Signal:
    """A signal of team Noord, forwarded to the municipality (or still to review)."""
    return Signal.objects.get_or_create(
        team=world.household.team,
        theme=SignalTheme.objects.get(name="Schulden"),
        neighbourhood_code="BU16740101",
        neighbourhood_year=2026,
        description="Gezinnen krijgen aanmaningen voor de waterrekening.",
        forwarded_text="Gezinnen krijgen aanmaningen voor de waterrekening.",
        households_concerned=4,
        status=status,
        defaults={"reviewed_at": timezone.now(), "reviewed_by": world.coordinator},
    )[0]


def to_review(world: World) -> Signal:
    return forwarded(world, SignalStatus.NEW)


CASES = [
    ("signal inbox list", "get", lambda w: "/api/v1/signal-inbox/", None, expect()),
    ("signal inbox retrieve", "get",
     lambda w: f"/api/v1/signal-inbox/{forwarded(w).pk}/", None, expect()),
    ("signal inbox retrieve of a signal not forwarded", "get",
     lambda w: f"/api/v1/signal-inbox/{to_review(w).pk}/", None,
     expect(municipality_user=404, admin=404)),
    ("signal inbox answer", "post",
     lambda w: f"/api/v1/signal-inbox/{forwarded(w).pk}/answer/",
     lambda w: {"status": "looking_into", "reply": "We zoeken het uit."},
     expect(municipality_user=201, admin=403)),
    ("signal inbox answer no action without a reason", "post",
     lambda w: f"/api/v1/signal-inbox/{forwarded(w).pk}/answer/",
     lambda w: {"status": "no_action", "reply": ""},
     expect(municipality_user=400, admin=403)),
    ("signal inbox changed", "patch",
     lambda w: f"/api/v1/signal-inbox/{forwarded(w).pk}/", lambda w: {"forwarded_text": "x"},
     expect(municipality_user=405, admin=405)),
]  # fmt: skip
