"""The local offer on the phone, in a real browser at 360 px: a wish linked to a club in the
visit form (in an added row too), the funds for a wish held back by its cost on the
household page, and the offer list by kind of wish."""

from django.urls import reverse

from tests.browser.phone import (  # noqa: F401 (pytestmark: the phone tests' marks)
    SERVER_IDLE,
    fits_the_screen,
    log_in,
    pytestmark,
    screenshot,
)
from tests.factories import LocalOfferFactory


def test_a_peer_links_wishes_to_the_local_offer_and_sees_the_funds(phone, world):
    # Given a football club, a swimming course and a fund for sport in the municipality
    municipality = world.household.team.municipality
    club = LocalOfferFactory(municipality=municipality, name="Voetbalclub RBC")
    course = LocalOfferFactory(municipality=municipality, name="Zwemles", kind="course")
    LocalOfferFactory(
        municipality=municipality,
        name="Jeugdfonds Sport & Cultuur",
        kind="fund",
        categories=["sport", "culture"],
        how_to_apply="Vraag het via de school.",
    )
    log_in(phone)
    # When the peer logs a visit with two wishes, each linked to where it can come true
    phone.goto(reverse("peer:visit", args=[world.household.pk]))
    phone.fill("#id_notes", "Over sport gepraat")
    phone.click("summary >> text=Wensen")
    phone.select_option("#id_wish-0-category", "sport")
    phone.fill("#id_wish-0-description", "Zoon wil voetballen")
    phone.check("input[name=wish-0-barriers][value=cost]")
    phone.select_option("#id_wish-0-offer", label="Voetbalclub RBC (club of vereniging)")
    phone.click("button >> text=Nog een wens")
    phone.select_option("#id_wish-1-category", "sport")
    phone.fill("#id_wish-1-description", "Dochter leren zwemmen")
    phone.select_option("#id_wish-1-offer", str(course.pk))
    assert fits_the_screen(phone)
    screenshot(phone, "visit-form-offer")
    phone.click("[data-submit]")
    phone.wait_for_selector("text=Bezoek opgeslagen.")
    # Then both wishes are linked, and the household page offers the fund for the costly one
    with SERVER_IDLE:
        assert world.household.wishes.get(description="Zoon wil voetballen").offer == club
        assert world.household.wishes.get(description="Dochter leren zwemmen").offer == course
    phone.click("summary >> text=Kosten zijn een drempel")
    phone.wait_for_selector("text=Vraag het via de school.")
    assert fits_the_screen(phone)
    screenshot(phone, "household-funds")
    # And the offer list shows what fits a kind of wish
    phone.click("nav >> text=Lokaal aanbod")
    phone.select_option("#offer-category", "sport")
    phone.click("button >> text=Laten zien")
    phone.wait_for_selector("h2 >> text=Zwemles")
    assert fits_the_screen(phone)
    screenshot(phone, "offer-list")
