"""The local offer's API routes, for every role: the status each must get.

Everyone who works in the municipality reads its offer; the municipality and the
coordinators of its teams keep it (add and change), peers only read. Another municipality's
entries do not exist for them (tests/test_municipality_isolation.py)."""

from outreach.models import LocalOffer
from tests.access import statuses
from tests.factories import LocalOfferFactory
from tests.helpers import World

expect = statuses(
    anonymous=401, peer=200, other_peer=200, coordinator=200, other_coordinator=200,
    municipality_user=200, municipal_admin=200, admin=200,
)  # fmt: skip

KEEPERS_ONLY = {"peer": 403, "other_peer": 403}


def offer(world: World) -> LocalOffer:
    return LocalOfferFactory(municipality=world.household.team.municipality)


def new_offer(world: World) -> dict:
    return {
        "municipality": world.household.team.municipality_id,
        "name": "Zwemles A-diploma",
        "kind": "course",
        "categories": ["sport"],
        "how_to_apply": "Aanmelden bij de balie van het zwembad.",
    }


CASES = [
    ("offers list", "get", lambda w: "/api/v1/offers/", None, expect()),
    ("offers add", "post", lambda w: "/api/v1/offers/", new_offer,
     expect(**KEEPERS_ONLY, coordinator=201, other_coordinator=201, municipality_user=201,
            municipal_admin=201, admin=201)),
    ("offers retrieve", "get", lambda w: f"/api/v1/offers/{offer(w).pk}/", None, expect()),
    ("offers change", "patch", lambda w: f"/api/v1/offers/{offer(w).pk}/",
     lambda w: {"cost": "gratis"}, expect(**KEEPERS_ONLY)),
    ("offers replace", "put", lambda w: f"/api/v1/offers/{offer(w).pk}/", new_offer,
     expect(**KEEPERS_ONLY)),
]  # fmt: skip
