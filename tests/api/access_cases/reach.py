"""Access to the reach figures, role by role (gathered by test_access_matrix.py).

Peers see no figures at all (404); a coordinator sees their own teams' cells, so a team
of someone else answers 404; the municipality and admins see their municipality."""

from reach.services import reach_refresh
from tests.access import statuses

expect = statuses(
    anonymous=401, peer=404, other_peer=404, coordinator=200, other_coordinator=200,
    # The municipal administrator keeps teams, accounts and the catalogue, not the figures.
    municipality_user=200, municipal_admin=404, admin=200,
)  # fmt: skip


def refreshed(world):
    """The reach URL, after computing the figures (the matrix world has none yet).
    Query parameters go in the payload: a GET sends them as the query string."""
    reach_refresh(municipality=world.household.team.municipality)
    return "/api/v1/reach/"


def params(**values):
    return lambda world: {
        key: value(world) if callable(value) else value for key, value in values.items()
    }


NONE_FOUND = expect(coordinator=404, other_coordinator=404, municipality_user=404, admin=404)
FIXED_ONLY = expect(coordinator=400, other_coordinator=400, municipality_user=400, admin=400)

CASES = [
    ("reach figures", "get", refreshed, None, expect()),
    ("reach figures per district and month", "get", refreshed,
     params(area="district", period="month", municipality="GM1674"), expect()),
    ("reach figures of a team", "get", refreshed,
     params(team=lambda w: w.household.team_id), expect(other_coordinator=404)),
    ("reach figures of an unknown municipality", "get", refreshed,
     params(municipality="GM0001"), NONE_FOUND),
    ("reach figures as xlsx", "get", refreshed, params(format="xlsx"), expect()),
    ("reach figures as csv", "get", refreshed, params(format="csv"), expect()),
    ("reach figures with a free date range", "get", refreshed,
     params(period="2026-01-01..2026-02-01"), FIXED_ONLY),
    ("reach figures posted", "post", refreshed, lambda w: {},
     expect(coordinator=405, other_coordinator=405, municipality_user=405, admin=405,
            peer=405, other_peer=405, municipal_admin=405)),
]  # fmt: skip
