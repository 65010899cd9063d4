"""The local offer's pages for every role: who may open them, and what they get."""

import pytest
from django.urls import reverse

from outreach.models import LocalOffer
from tests.factories import LocalOfferFactory, MunicipalityFactory

ROLES = ["anonymous", "peer", "other_peer", "coordinator", "other_coordinator",
         "municipality_user", "municipal_admin", "admin"]  # fmt: skip
READ = dict(anonymous=302, peer=200, other_peer=200, coordinator=200, other_coordinator=200,
            municipality_user=200, municipal_admin=200, admin=200)  # fmt: skip
KEEP = {**READ, "peer": 403, "other_peer": 403}
SAVED = {**KEEP, "coordinator": 302, "other_coordinator": 302, "municipality_user": 302,
         "municipal_admin": 302, "admin": 302}  # fmt: skip


def offer(world):
    return LocalOfferFactory(municipality=world.household.team.municipality)


def entry(world) -> dict:
    return {
        "municipality": world.household.team.municipality_id,
        "name": "Taalcafé buurthuis De Kring",
        "kind": "community_centre",
        "categories": ["course", "social_contact"],
        "how_to_apply": "Loop binnen op dinsdag tussen 10 en 12 uur.",
        "active": "on",
    }


PAGES = [
    ("list", "get", lambda w: reverse("offer:list"), None, READ),
    ("add page", "get", lambda w: reverse("offer:add"), None, KEEP),
    ("add", "post", lambda w: reverse("offer:add"), entry, SAVED),
    ("edit page", "get", lambda w: reverse("offer:edit", args=[offer(w).pk]), None, KEEP),
    ("edit", "post", lambda w: reverse("offer:edit", args=[offer(w).pk]), entry, SAVED),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "payload", "expected"), PAGES, ids=[page[0] for page in PAGES]
)
def test_every_offer_page_answers_each_role_as_designed(
    client, world, role, name, method, url, payload, expected
):
    # Given a user of this role
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    # When they open or send the page
    data = payload(world) if payload else None
    response = getattr(client, method)(url(world), data=data)
    # Then they get what their role allows
    assert response.status_code == expected[role], response.content[:500]


def test_another_municipalitys_entry_does_not_exist_for_its_keepers(client, world):
    # Given an entry of another municipality
    elsewhere = LocalOfferFactory(municipality=MunicipalityFactory(code="GM0748"), name="Elders")
    for user in (world.coordinator, world.municipality_user):
        client.force_login(user)
        # When its edit page is opened, Then it is not there
        assert client.get(reverse("offer:edit", args=[elsewhere.pk])).status_code == 404
        # and the list does not show it
        assert "Elders" not in client.get(reverse("offer:list")).content.decode()


def test_a_coordinator_adds_an_entry_and_the_municipality_changes_it(client, world):
    # Given a coordinator who adds an entry
    client.force_login(world.coordinator)
    client.post(reverse("offer:add"), entry(world))
    added = LocalOffer.objects.get(name="Taalcafé buurthuis De Kring")
    assert added.municipality == world.household.team.municipality
    assert added.categories == ["course", "social_contact"]
    # When the municipality changes its cost
    client.force_login(world.municipality_user)
    response = client.post(
        reverse("offer:edit", args=[added.pk]), {**entry(world), "cost": "gratis"}
    )
    # Then it is saved, and the history says who added and who changed it
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.cost == "gratis"
    who = list(added.history.order_by("history_date").values_list("history_user", flat=True))
    assert who == [world.coordinator.pk, world.municipality_user.pk]
    page = client.get(reverse("offer:edit", args=[added.pk])).content.decode()
    assert str(world.municipality_user) in page


def test_the_form_says_what_is_wrong_with_the_dates(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("offer:add"),
        {**entry(world), "valid_from": "2026-06-01", "valid_until": "2026-01-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "This date is before the start date." in response.content.decode()
    assert not LocalOffer.objects.exists()


def test_peers_find_what_is_open_today_by_kind_of_wish(client, world):
    # Given a swimming course, a language course that ended, and a fund for every kind
    municipality = world.household.team.municipality
    LocalOfferFactory(municipality=municipality, name="Zwemles", categories=["sport"])
    LocalOfferFactory(
        municipality=municipality, name="Taalcursus 2025", categories=["course"],
        valid_until="2025-12-31",
    )  # fmt: skip
    LocalOfferFactory(municipality=municipality, name="Meedoen-regeling", kind="fund",
                      categories=[])  # fmt: skip
    client.force_login(world.peer)
    # When the peer looks for sport
    page = client.get(reverse("offer:list"), {"category": "sport"}).content.decode()
    # Then the course and the fund for everything show; nothing that ended
    assert "Zwemles" in page and "Meedoen-regeling" in page
    assert "Taalcursus 2025" not in client.get(reverse("offer:list")).content.decode()
    # And a search by word finds the one entry
    page = client.get(reverse("offer:list"), {"q": "zwem"}).content.decode()
    assert "Zwemles" in page and "Meedoen-regeling" not in page
