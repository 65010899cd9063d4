"""Every API route and method, for every role: the status each must get.

Roles: anonymous, the household's lead peer, another peer of the same team (not assigned),
the team's coordinator, a coordinator of another team, the municipality, an admin.
Out-of-scope objects answer 404; case resources answer 403 to the municipality."""

import uuid
from datetime import timedelta

from django.utils import timezone

from outreach.models import ConsentScope, Provision
from tests.access import statuses
from tests.factories import consent_text, consents_payload

expect = statuses(
    anonymous=401, peer=200, other_peer=404, coordinator=200, other_coordinator=404,
    municipality_user=403, municipal_admin=403, admin=200,
)  # fmt: skip


LIST = expect(other_peer=200, other_coordinator=200)
# Read by the municipal administrator too: what it keeps (the catalogue, consent texts, accounts).
MANAGER_READS = {**LIST, "municipal_admin": 200}
CREATE_FOR_HOUSEHOLD = expect(
    peer=201, other_peer=400, coordinator=201, other_coordinator=400, admin=201
)
COORDINATOR_ONLY = expect(peer=403)
RECORD_DELETE = expect(peer=403, coordinator=204, admin=204)


def record(world, name):
    household = world.household
    return {
        "visits": household.visits.first,
        "wishes": household.wishes.first,
        "provision-checks": household.provision_checks.first,
        "follow-ups": household.follow_ups.first,
    }[name]()


def tomorrow():
    return (timezone.localdate() + timedelta(days=1)).isoformat()


PAYLOADS = {
    "visits": lambda w: {
        "household": w.household.pk,
        "client_uuid": str(uuid.uuid4()),
        "kind": "home_visit",
        "duration_minutes": 30,
        "peers": [w.peer.pk],
    },
    "wishes": lambda w: {"household": w.household.pk, "category": "sport", "description": "Judo"},
    "provision-checks": lambda w: {
        "household": w.household.pk,
        "provision": Provision.objects.get(name="Zorgtoeslag").pk,
        "outcome": "non_use_found",
        "non_use_reason": "shame",
    },
    "follow-ups": lambda w: {
        "household": w.household.pk,
        "description": "Bellen",
        "due_date": tomorrow(),
        "responsible": w.peer.pk,
    },
}

CASES = []
for name, payload in PAYLOADS.items():
    CASES += [
        (f"{name} list", "get", lambda w, n=name: f"/api/v1/{n}/", None, LIST),
        (f"{name} create", "post", lambda w, n=name: f"/api/v1/{n}/", payload,
         CREATE_FOR_HOUSEHOLD),
        (f"{name} retrieve", "get", lambda w, n=name: f"/api/v1/{n}/{record(w, n).pk}/", None,
         expect()),
        (f"{name} update", "put", lambda w, n=name: f"/api/v1/{n}/{record(w, n).pk}/",
         lambda w, p=payload, n=name: {**p(w), **({"client_uuid": str(record(w, n).client_uuid)}
                                                 if n == "visits" else {})},
         expect()),
        (f"{name} partial update", "patch", lambda w, n=name: f"/api/v1/{n}/{record(w, n).pk}/",
         lambda w: {}, expect()),
        (f"{name} delete", "delete", lambda w, n=name: f"/api/v1/{n}/{record(w, n).pk}/", None,
         RECORD_DELETE),
    ]  # fmt: skip


def household_url(suffix=""):
    return lambda w: f"/api/v1/households/{w.household.pk}/{suffix}"


CASES += [
    ("households list", "get", lambda w: "/api/v1/households/", None, LIST),
    ("households create", "post", lambda w: "/api/v1/households/",
     lambda w: {"team": w.household.team_id, "contact_name": "Nieuw", "phone": "0612345678",
                "consents": consents_payload()},
     expect(peer=201, other_peer=201, coordinator=201, other_coordinator=400, admin=201)),
    ("households retrieve", "get", household_url(), None, expect()),
    ("households update", "put", household_url(), lambda w: {"contact_name": "Anders"}, expect()),
    ("households partial update", "patch", household_url(), lambda w: {"adults": 2}, expect()),
    ("households delete", "delete", household_url(), None,
     expect(peer=405, other_peer=405, coordinator=405, other_coordinator=405, admin=405)),
    ("households assign", "post", household_url("assign/"),
     lambda w: {"lead": w.other_peer.pk, "buddy": None, "reason": "Dichterbij"},
     expect(peer=403, coordinator=201, admin=201)),
    ("households close", "post", household_url("close/"),
     lambda w: {"reason": "goals_reached", "satisfaction": 8, "became_more_active": True},
     COORDINATOR_ONLY),
    ("households reopen (of an open case)", "post", household_url("reopen/"), None,
     expect(peer=403, coordinator=400, admin=400)),
    ("households add member", "post", household_url("members/"),
     lambda w: {"label": "Zoon", "age_band": "4-11"}, expect(peer=201, coordinator=201, admin=201)),
    ("households erase", "post", household_url("erase/"), lambda w: {"reason": "Verzoek"},
     expect(peer=403, coordinator=204, admin=204)),
    ("consents list", "get", lambda w: "/api/v1/consents/", None, LIST),
    ("consents give", "post", lambda w: "/api/v1/consents/",
     lambda w: {"household": w.household.pk, "scope": "sms", "method": "verbal",
                "text": consent_text(ConsentScope.SMS).pk}, CREATE_FOR_HOUSEHOLD),
    ("consents retrieve", "get", lambda w: f"/api/v1/consents/{w.consent.pk}/", None, expect()),
    ("consents withdraw", "post", lambda w: f"/api/v1/consents/{w.consent.pk}/withdraw/", None,
     expect()),
    ("conflicts list", "get", lambda w: "/api/v1/conflicts/", None, LIST),
    ("conflicts retrieve", "get", lambda w: f"/api/v1/conflicts/{w.conflict.pk}/", None,
     expect()),
    ("conflicts resolve", "post", lambda w: f"/api/v1/conflicts/{w.conflict.pk}/resolve/",
     lambda w: {"use": "current"}, expect()),
    # The municipal administrator keeps its municipality's catalogue and consent texts, and
    # reads the shared ones.
    ("consent texts list", "get", lambda w: "/api/v1/consent-texts/", None, MANAGER_READS),
    ("consent texts retrieve", "get",
     lambda w: f"/api/v1/consent-texts/{consent_text(ConsentScope.SMS).pk}/", None,
     MANAGER_READS),
    ("provisions list", "get", lambda w: "/api/v1/provisions/", None, MANAGER_READS),
    ("provisions create", "post", lambda w: "/api/v1/provisions/",
     lambda w: {"name": "Energietoeslag", "level": "municipal"},
     expect(peer=403, other_peer=403, coordinator=403, other_coordinator=403,
            municipal_admin=201, admin=201)),
    ("provisions retrieve", "get", lambda w: f"/api/v1/provisions/{w.provision.pk}/", None,
     MANAGER_READS),
    ("provisions update", "put", lambda w: f"/api/v1/provisions/{w.provision.pk}/",
     lambda w: {"name": "Zorgtoeslag", "level": "national"},
     expect(peer=403, other_peer=403, coordinator=403, other_coordinator=403)),
    ("provisions partial update", "patch", lambda w: f"/api/v1/provisions/{w.provision.pk}/",
     lambda w: {"active": False},
     expect(peer=403, other_peer=403, coordinator=403, other_coordinator=403)),
    ("provisions delete", "delete", lambda w: f"/api/v1/provisions/{w.unused_provision.pk}/",
     None, expect(peer=403, other_peer=403, coordinator=403, other_coordinator=403, admin=204)),
    ("plans list", "get", lambda w: "/api/v1/plans/", None, LIST),
    ("plans create", "post", lambda w: "/api/v1/plans/",
     lambda w: {"household": w.spare_household.pk, "goals": "Weer gaan sporten", "rung": 2,
                "review_on": tomorrow()},
     # an admin is in no team, so cannot be the one the review follow-up is for
     expect(peer=201, other_peer=400, coordinator=201, other_coordinator=400, admin=400)),
    ("plans retrieve", "get", lambda w: f"/api/v1/plans/{w.plan.pk}/", None, expect()),
    ("plans review", "post", lambda w: f"/api/v1/plans/{w.plan.pk}/review/",
     lambda w: {"rung": 3, "next_review_on": tomorrow()}, expect(admin=400)),
    ("own scores list", "get", lambda w: "/api/v1/own-scores/", None, LIST),
    ("own scores create (a paper form)", "post", lambda w: "/api/v1/own-scores/",
     lambda w: {"household": w.household.pk, "score": 8}, CREATE_FOR_HOUSEHOLD),
    ("own scores retrieve", "get", lambda w: f"/api/v1/own-scores/{w.own_score.pk}/", None,
     expect()),
    # ... and its municipality's teams and accounts.
    ("teams list", "get", lambda w: "/api/v1/teams/", None, expect(other_peer=200,
     other_coordinator=200, municipality_user=200, municipal_admin=200)),
    ("teams retrieve", "get", lambda w: f"/api/v1/teams/{w.household.team_id}/", None,
     expect(other_peer=200, municipality_user=200, municipal_admin=200)),
    ("users list", "get", lambda w: "/api/v1/users/", None, MANAGER_READS),
    ("users retrieve", "get", lambda w: f"/api/v1/users/{w.peer.pk}/", None,
     expect(other_peer=200, municipal_admin=200)),
    ("users me", "get", lambda w: "/api/v1/users/me/", None,
     expect(other_peer=200, other_coordinator=200, municipality_user=200, municipal_admin=200)),
]  # fmt: skip
