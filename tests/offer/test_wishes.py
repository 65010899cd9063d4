"""A wish linked to the local offer, on the phone and in the API, and the funds the
household page suggests for a wish held back by its cost."""

import uuid
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outreach.models import ParticipationWish
from tests.factories import LocalOfferFactory, MunicipalityFactory, WishFactory
from tests.helpers import client_for


def test_the_api_links_a_wish_to_an_offer_of_the_households_municipality(world):
    # Given a club of the household's municipality and one elsewhere
    club = LocalOfferFactory(municipality=world.household.team.municipality)
    elsewhere = LocalOfferFactory(municipality=MunicipalityFactory(code="GM0748"))
    client = client_for(world.peer)
    wish = {"household": world.household.pk, "category": "sport", "description": "Voetbal"}
    # When a wish is made with the club, Then it is linked
    response = client.post("/api/v1/wishes/", {**wish, "offer": club.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["offer"] == club.pk
    # When with the club elsewhere, Then that club does not exist for the peer
    response = client.post("/api/v1/wishes/", {**wish, "offer": elsewhere.pk}, format="json")
    assert response.status_code == 400
    assert "offer" in response.json()


def test_the_api_says_why_an_ended_offer_cannot_be_linked(world):
    ended = LocalOfferFactory(
        municipality=world.household.team.municipality,
        valid_until=timezone.localdate() - timedelta(days=3),
    )
    wish = world.household.wishes.get()
    response = client_for(world.peer).patch(
        f"/api/v1/wishes/{wish.pk}/",
        {"offer": ended.pk, "version": wish.version},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "This offer ended on" in str(response.json()["offer"])


def test_a_new_wish_on_the_visit_form_is_linked_to_the_chosen_offer(client, world):
    # Given a swimming course of the municipality, offered in the visit form's wish row
    course = LocalOfferFactory(
        municipality=world.household.team.municipality, name="Zwemles", kind="course"
    )
    client.force_login(world.peer)
    url = reverse("peer:visit", args=[world.household.pk])
    assert "Zwemles" in client.get(url).content.decode()
    # When the peer logs a visit with a wish for it
    response = client.post(
        url,
        {
            "client_uuid": str(uuid.uuid4()),
            "kind": "home_visit",
            "duration_minutes": "30",
            "started_at": "2026-01-05T10:00",
            "wish-0-category": "sport",
            "wish-0-description": "Leren zwemmen",
            "wish-0-barriers": ["cost"],
            "wish-0-offer": str(course.pk),
        },
    )
    # Then the wish is linked to the course
    assert response.status_code == 302
    assert ParticipationWish.objects.get(description="Leren zwemmen").offer == course


def test_the_household_page_shows_the_funds_for_a_wish_held_back_by_cost(client, world):
    # Given a sport wish held back by its cost, and two funds of the municipality
    municipality = world.household.team.municipality
    LocalOfferFactory(municipality=municipality, name="Jeugdfonds Sport & Cultuur",
                      kind="fund", categories=["sport", "culture"],
                      how_to_apply="Vraag het via de school of het wijkteam.")  # fmt: skip
    LocalOfferFactory(municipality=municipality, name="Cursusfonds", kind="fund",
                      categories=["course"])  # fmt: skip
    WishFactory(household=world.household, description="Op judo", barriers=["cost"])
    client.force_login(world.peer)
    # When the peer opens the household
    page = client.get(reverse("peer:household", args=[world.household.pk])).content.decode()
    # Then the fitting fund shows with how to apply, the other one does not
    assert "Jeugdfonds Sport &amp; Cultuur" in page
    assert "Vraag het via de school of het wijkteam." in page
    assert "Cursusfonds" not in page


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_offers(world, count: int) -> None:
    for number in range(count):
        LocalOfferFactory(
            municipality=world.household.team.municipality,
            name=f"Aanbod {number}",
            kind="fund" if number % 2 else "club",
            categories=[] if number % 3 else ["sport"],
        )


def test_the_offer_lists_cost_the_same_for_1_and_50_entries(
    client, world, django_assert_max_num_queries
):
    for user, url in [
        (world.peer, reverse("offer:list")),
        (world.coordinator, reverse("offer:list")),
        (world.municipality_user, reverse("offer:list") + "?category=sport"),
    ]:
        client.force_login(user)
        add_offers(world, 1)
        one = queries_of(client, url)
        add_offers(world, 49)
        with django_assert_max_num_queries(one):
            assert client.get(url).status_code == 200
    api = client_for(world.coordinator)
    one = queries_of(api, "/api/v1/offers/?page_size=1")
    with django_assert_max_num_queries(one):
        response = api.get("/api/v1/offers/?page_size=50")
    assert len(response.json()["results"]) == 50


def test_the_household_page_costs_the_same_with_many_costly_wishes_and_funds(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.peer)
    url = reverse("peer:household", args=[world.household.pk])
    WishFactory(household=world.household, barriers=["cost"])
    add_offers(world, 1)
    one = queries_of(client, url)
    for _ in range(10):
        WishFactory(household=world.household, barriers=["cost"], category="culture")
    add_offers(world, 30)
    with django_assert_max_num_queries(one):
        assert client.get(url).status_code == 200
