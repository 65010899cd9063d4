"""Erasing a household and the local offer: the wish's words go, the entry stays."""

from audit.retention import household_erase
from outreach.models import LocalOffer, ParticipationWish
from tests.factories import LocalOfferFactory, WishFactory


def test_erasing_a_household_blanks_its_linked_wish_and_leaves_the_offer_as_it_was(world):
    # Given a realised wish, in the household's words, linked to a football club
    club = LocalOfferFactory(municipality=world.household.team.municipality)
    before = LocalOffer.objects.filter(pk=club.pk).values().get()
    wish = WishFactory(
        household=world.household,
        offer=club,
        status="realised",
        description="Zoon Mohammed wil bij RBC voetballen",
        barriers=["cost"],
    )
    # When the household is erased on its request
    household_erase(household=world.household, erased_by=world.coordinator, reason="Verzoek")
    # Then the wish keeps only its coarse facts: kind, status and the kind of offer it used
    wish = ParticipationWish.objects.get(pk=wish.pk)
    assert (wish.description, wish.barriers, wish.created_by) == ("", [], None)
    assert wish.offer == club and wish.offer.kind == "club"
    assert not wish.history.filter(description__contains="Mohammed").exists()
    # and the offer itself is untouched
    assert LocalOffer.objects.filter(pk=club.pk).values().get() == before
