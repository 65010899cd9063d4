"""Every phone page, for every role: in scope it works, out of scope it is a 404 (never a
hint that the household exists), the municipality gets 403, anonymous goes to log in."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from outreach.models import ConsentScope, EditConflict, Expense, SignalTheme
from outreach.services.appreciation import appreciation_send
from outreach.services.referrals import referral_make
from tests.factories import PASSWORD, consent_form_fields, consent_text

ROLES = ["anonymous", "peer", "buddy", "other_peer", "coordinator", "other_coordinator",
         "municipality_user", "admin"]  # fmt: skip


def expect(anonymous=302, peer=200, buddy=200, other_peer=404, coordinator=200,
           other_coordinator=404, municipality_user=403, admin=200):  # fmt: skip
    return dict(anonymous=anonymous, peer=peer, buddy=buddy, other_peer=other_peer,
                coordinator=coordinator, other_coordinator=other_coordinator,
                municipality_user=municipality_user, admin=admin)  # fmt: skip


REDIRECT_AFTER_POST = expect(peer=302, buddy=302, coordinator=302, admin=302)


def application_url(w):
    check = w.household.provision_checks.get()
    return reverse("peer:application", args=[w.household.pk, check.pk])


PAGES = [
    ("today", "get", lambda w: "/", None,
     expect(other_peer=200, other_coordinator=200, municipality_user=200)),
    ("household", "get", lambda w: reverse("peer:household", args=[w.household.pk]), None,
     expect()),
    ("visit form", "get", lambda w: reverse("peer:visit", args=[w.household.pk]), None, expect()),
    ("visit log", "post", lambda w: reverse("peer:visit", args=[w.household.pk]),
     lambda w: {"client_uuid": "8f1c1c1e-1111-4111-8111-111111111111", "kind": "home_visit",
                "duration_minutes": "30", "started_at": "2026-01-05T10:00"},
     # an admin is in no team, so cannot be the one who was there
     expect(peer=302, buddy=302, coordinator=302, admin=400)),
    ("consent page", "get", lambda w: reverse("peer:consent", args=[w.household.pk]), None,
     expect()),
    ("consent give", "post", lambda w: reverse("peer:consent", args=[w.household.pk]),
     lambda w: {"scope": "sms", "text": consent_text(ConsentScope.SMS).pk, "method": "verbal"},
     REDIRECT_AFTER_POST),
    ("consent withdraw", "post",
     lambda w: reverse("peer:consent_withdraw", args=[w.household.pk, w.consent.pk]), lambda w: {},
     REDIRECT_AFTER_POST),
    ("consent withdraw confirmation", "get",
     lambda w: reverse("peer:consent_withdraw", args=[w.household.pk, w.storage_consent.pk]),
     None, expect()),
    ("consent withdraw unconfirmed", "post",
     lambda w: reverse("peer:consent_withdraw", args=[w.household.pk, w.storage_consent.pk]),
     lambda w: {}, expect()),
    ("profile page", "get", lambda w: reverse("peer:profile", args=[w.household.pk]), None,
     expect()),
    ("profile save", "post", lambda w: reverse("peer:profile", args=[w.household.pk]),
     lambda w: {"version": w.household.version, "adults": 2, "children_0_3": 0,
                "children_4_11": 0, "children_12_17": 1, "main_income_source": "work",
                "paid_work": "yes"},
     REDIRECT_AFTER_POST),
    ("first contact page", "get", lambda w: reverse("peer:first_contact"), None,
     expect(other_peer=200, other_coordinator=200, admin=403)),
    ("first contact", "post", lambda w: reverse("peer:first_contact"),
     lambda w: {"outcome": "not_now", "referral_source": "food_bank",
                "contacted_on": timezone.localdate().isoformat()},
     expect(peer=302, buddy=302, other_peer=302, coordinator=302, other_coordinator=302,
            admin=403)),
    ("follow-up done", "post",
     lambda w: reverse("peer:follow_up_done", args=[w.household.follow_ups.first().pk]),
     lambda w: {}, REDIRECT_AFTER_POST),
    ("conflict resolve", "post",
     lambda w: reverse("peer:conflict_resolve", args=[w.household.pk, w.conflict.pk]),
     lambda w: {"use": "current"}, REDIRECT_AFTER_POST),
    ("register page", "get", lambda w: reverse("peer:register"), None,
     expect(other_peer=200, other_coordinator=200, admin=403)),
    ("register", "post", lambda w: reverse("peer:register"),
     lambda w: {"contact_name": "Fam. Nieuw", "adults": 1, "children_0_3": 0,
                "children_4_11": 0, "children_12_17": 0, "referral_source": "team",
                "known_to_municipality": "unknown", **consent_form_fields()},
     expect(peer=302, buddy=302, other_peer=302, coordinator=302, other_coordinator=302,
            admin=403)),
    ("plan page", "get", lambda w: reverse("peer:plan", args=[w.household.pk]), None, expect()),
    ("plan agree", "post", lambda w: reverse("peer:plan", args=[w.household.pk]),
     lambda w: {"goals": "Weer gaan zwemmen", "rung": "2",
                "review_on": (date.today() + timedelta(days=30)).isoformat()},
     # an admin is in no team, so cannot be the one the review follow-up is for
     expect(peer=302, buddy=302, coordinator=302, admin=400)),
    ("what we agreed", "get", lambda w: reverse("peer:plan_agreed", args=[w.household.pk]),
     None, expect()),
    ("paper score page", "get", lambda w: reverse("peer:paper_score", args=[w.household.pk]),
     None, expect()),
    ("paper score", "post", lambda w: reverse("peer:paper_score", args=[w.household.pk]),
     lambda w: {"score": "8", "given_on": date.today().isoformat()}, REDIRECT_AFTER_POST),
    ("signal page", "get", lambda w: reverse("peer:visit_signal", args=[w.household.pk]), None,
     expect()),
    ("signal", "post", lambda w: reverse("peer:visit_signal", args=[w.household.pk]),
     lambda w: {"theme": w.theme.pk, "description": "Zwemles voor kinderen is te duur"},
     REDIRECT_AFTER_POST),
    ("application page", "get", lambda w: application_url(w), None, expect()),
    ("application start", "post", lambda w: application_url(w), lambda w: {"step": "start"},
     REDIRECT_AFTER_POST),
    # The app lock: nobody is locked here, so the lock screen and locking now send on
    ("unlock page", "get", lambda w: reverse("phone:unlock"), None,
     expect(peer=302, buddy=302, other_peer=302, coordinator=302, other_coordinator=302,
            municipality_user=302, admin=302)),
    ("lock now", "post", lambda w: reverse("phone:lock"), lambda w: {},
     expect(peer=302, buddy=302, other_peer=302, coordinator=302, other_coordinator=302,
            municipality_user=302, admin=302)),
    ("in use", "get", lambda w: reverse("phone:alive"), None,
     expect(anonymous=401, peer=204, buddy=204, other_peer=204, coordinator=204,
            other_coordinator=204, municipality_user=204, admin=204)),
    ("pin page", "get", lambda w: reverse("phone:pin"), None,
     expect(other_peer=200, coordinator=403, other_coordinator=403, admin=403)),
    ("pin set", "post", lambda w: reverse("phone:pin"),
     lambda w: {"password": PASSWORD, "pin": "40719", "pin_again": "40719"},
     expect(peer=302, buddy=302, other_peer=302, coordinator=403, other_coordinator=403,
            admin=403)),
    ("my expenses", "get", lambda w: reverse("peer:expenses"), None,
     expect(other_peer=200, other_coordinator=200)),
    ("submit an expense", "post", lambda w: reverse("peer:expenses"),
     lambda w: {"team": w.household.team_id, "spent_on": str(timezone.localdate()),
                "kind": "bus_fare", "amount": "3.40"},
     # the admin and the other coordinator are not in team Noord: the form says so (200)
     expect(peer=302, buddy=302, other_peer=302, coordinator=302, other_coordinator=200)),
    ("receipt", "get", lambda w: reverse("peer:receipt", args=[expense(w).pk]), None,
     expect(buddy=404)),
    ("delete an expense", "post", lambda w: reverse("peer:expense_delete", args=[expense(w).pk]),
     lambda w: {}, expect(peer=302, buddy=404, coordinator=302, admin=302)),
    ("my meetings", "get", lambda w: reverse("peer:meetings"), None,
     expect(other_peer=200, other_coordinator=200)),
    ("propose candidate page", "get",
     lambda w: reverse("peer:propose_candidate", args=[w.household.pk]), None, expect()),
    # the household did not go up the ladder: the page says so again
    ("propose candidate", "post",
     lambda w: reverse("peer:propose_candidate", args=[w.household.pk]),
     lambda w: {"name": "Anja", "agreed": "on", "consent_method": "verbal"}, expect()),
    ("referrals page", "get", lambda w: reverse("peer:referrals", args=[w.household.pk]), None,
     expect()),
    ("referral make", "post", lambda w: reverse("peer:referrals", args=[w.household.pk]),
     lambda w: {"kind": "food_bank", "consent_given": "on", "consent_method": "verbal",
                "referred_on": timezone.localdate().isoformat()},
     REDIRECT_AFTER_POST),
    ("referral contact", "post",
     lambda w: reverse("peer:referral_contact", args=[w.household.pk, w.referral.pk]),
     lambda w: {"contact_made": "yes"}, REDIRECT_AFTER_POST),
    ("my year", "get", lambda w: reverse("me:year", args=[timezone.localdate().year]), None,
     expect(other_peer=200, other_coordinator=200)),
    ("thank-you put away", "post", lambda w: reverse("me:thanks_dismiss", args=[w.thanks.pk]),
     lambda w: {}, expect(peer=302, buddy=404, coordinator=404, admin=404)),
    ("manifest", "get", lambda w: "/manifest.webmanifest", None,
     expect(anonymous=200, other_peer=200, other_coordinator=200, municipality_user=200)),
    ("service worker", "get", lambda w: "/sw.js", None,
     expect(anonymous=200, other_peer=200, other_coordinator=200, municipality_user=200)),
]  # fmt: skip


def expense(world):
    """The lead peer's expense, with a photo of the receipt."""
    found = Expense.objects.filter(user=world.peer).first()
    if found is None:
        found = Expense(
            user=world.peer, team=world.household.team, spent_on=timezone.localdate(),
            kind="bus_fare", amount=Decimal("3.40"),
        )  # fmt: skip
        found.receipt.save("bon.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32))
    return found


@pytest.fixture
def page_world(world):
    # Given at registration (the factory's default), as every household has it.
    world.consent = world.household.consents.get(scope=ConsentScope.HOME_VISITS)
    world.storage_consent = world.household.consents.get(scope=ConsentScope.DATA_STORAGE)
    world.conflict = EditConflict.objects.create(
        household=world.household,
        record_type="wish",
        record_id=world.household.wishes.get().pk,
        base_version=1,
        current_version=2,
        submitted={"description": "Zwemmen"},
        current={"description": "Judo"},
    )
    world.theme = SignalTheme.objects.create(name="Zwemles")
    world.referral = referral_make(
        household=world.household,
        referred_by=world.peer,
        kind="debt_help",
        consent_given=True,
        consent_method="written",
    )
    world.thanks = appreciation_send(
        peer=world.peer, team=world.household.team, sent_by=world.coordinator, message="Top!"
    )
    return world


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "payload", "expected"), PAGES, ids=[page[0] for page in PAGES]
)
def test_every_phone_page_answers_each_role_as_designed(
    client, page_world, role, name, method, url, payload, expected
):
    # Given a user of this role
    user = page_world.user(role)
    if user is not None:
        client.force_login(user)
    # When they open or send the page
    data = payload(page_world) if payload else None
    response = getattr(client, method)(url(page_world), data=data)
    # Then they get what their role allows
    assert response.status_code == expected[role], response.content[:300]
    if role == "anonymous" and expected[role] == 302:
        assert response["Location"].startswith("/accounts/login/")
