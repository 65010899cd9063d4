"""The referrals' API routes, for every role: the status each must get.

Like the other case records: the household's peers and coordinator see and add them, the
other peer and the other team's coordinator find nothing (404, or 400 when naming the
household), the municipality never reaches them (403), and removal is for coordinators."""

from outreach.models import Referral
from outreach.services.referrals import referral_make
from tests.access import statuses
from tests.helpers import World

expect = statuses(
    anonymous=401, peer=200, other_peer=404, coordinator=200, other_coordinator=404,
    municipality_user=403, municipal_admin=403, admin=200,
)  # fmt: skip


def referral(world: World) -> Referral:
    found = Referral.objects.filter(household=world.household).first()
    return found or referral_make(
        household=world.household,
        referred_by=world.peer,
        kind="food_bank",
        organisation="Voedselbank Roosendaal",
        consent_given=True,
        consent_method="verbal",
    )


CASES = [
    ("referrals list", "get", lambda w: "/api/v1/referrals/", None,
     expect(other_peer=200, other_coordinator=200)),
    ("referrals create", "post", lambda w: "/api/v1/referrals/",
     lambda w: {"household": w.household.pk, "kind": "debt_help", "consent_given": True,
                "consent_method": "written"},
     expect(peer=201, other_peer=400, coordinator=201, other_coordinator=400, admin=201)),
    ("referrals retrieve", "get", lambda w: f"/api/v1/referrals/{referral(w).pk}/", None,
     expect()),
    ("referrals contact", "post", lambda w: f"/api/v1/referrals/{referral(w).pk}/contact/",
     lambda w: {"contact_made": "yes"}, expect()),
    ("referrals delete", "delete", lambda w: f"/api/v1/referrals/{referral(w).pk}/", None,
     expect(peer=403, coordinator=204, admin=204)),
]  # fmt: skip
