"""Access-log, break-the-glass and subject-access-export routes for every role
(gathered by test_access_matrix's coverage check). Peers and the municipality do not
see that the audit resources exist (404)."""

from audit.services import break_glass_open
from tests.access import statuses
from tests.helpers import World

expect = statuses(
    anonymous=401, peer=404, other_peer=404, coordinator=200, other_coordinator=200,
    municipality_user=404, municipal_admin=404, admin=200,
)  # fmt: skip


REASON = "Lead peer is ill and the household called about an eviction"


def grant(world: World):
    """The team's coordinator broke the glass on the other team's household."""
    from audit.models import BreakGlassGrant

    existing = BreakGlassGrant.objects.filter(user=world.coordinator).first()
    return existing or break_glass_open(
        user=world.coordinator, reference=world.other_household.reference, reason=REASON
    )


CASES = [
    ("access log list", "get", lambda w: "/api/v1/access-log/", None, expect()),
    ("break glass list", "get", lambda w: "/api/v1/break-glass/", None, expect()),
    ("break glass open", "post", lambda w: "/api/v1/break-glass/",
     lambda w: {"reference": w.other_household.reference, "reason": REASON},
     expect(coordinator=201, other_coordinator=400, admin=403)),
    ("break glass end", "post", lambda w: f"/api/v1/break-glass/{grant(w).pk}/end/", None,
     expect(other_coordinator=404)),
    ("household export", "get", lambda w: f"/api/v1/households/{w.household.pk}/export/", None,
     expect(peer=403, other_coordinator=404, municipality_user=403, municipal_admin=403)),
]  # fmt: skip
