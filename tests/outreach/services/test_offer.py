"""The local offer's services and selectors: adding and changing entries, linking a wish,
and the funds suggested for a wish held back by its cost."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from outreach.selectors.offer import fund_suggestions, offer_list
from outreach.services.offer import offer_create, offer_update
from outreach.services.wishes import wish_create, wish_update
from tests.factories import LocalOfferFactory, MunicipalityFactory, WishFactory

TODAY = timezone.localdate()


def fund(world, name, **fields):
    municipality = fields.pop("municipality", world.household.team.municipality)
    fields.setdefault("categories", [])
    return LocalOfferFactory(municipality=municipality, name=name, kind="fund", **fields)


def test_the_fund_suggestions_for_a_cost_barrier(world):
    # Given funds of the household's municipality and others that do not fit
    for_sport = fund(world, "Jeugdfonds Sport & Cultuur", categories=["sport", "culture"])
    for_all = fund(world, "Meedoen-regeling", categories=[])
    fund(world, "Cursusfonds", categories=["course"])  # another kind of wish
    fund(world, "Oud fonds", valid_until=TODAY - timedelta(days=1))  # ended
    fund(world, "Nieuw fonds", valid_from=TODAY + timedelta(days=1))  # not yet
    fund(world, "Gestopt fonds", active=False)
    fund(world, "Fonds elders", municipality=MunicipalityFactory(code="GM0748"))
    LocalOfferFactory(municipality=world.household.team.municipality, name="Voetbalclub")
    costly = WishFactory(household=world.household, category="sport", barriers=["cost"])
    other = WishFactory(household=world.household, category="sport", barriers=["transport"])
    # When the suggestions for the household's wishes are asked
    suggestions = fund_suggestions(household=world.household, wishes=[costly, other])
    # Then the wish held back by its cost gets the current funds of its municipality that fit
    # its kind or every kind; the other wish gets none
    assert suggestions == {costly.pk: [for_sport, for_all]}


def test_no_wish_held_back_by_cost_asks_nothing(world, django_assert_num_queries):
    wish = WishFactory(household=world.household, barriers=["transport"])
    with django_assert_num_queries(0):
        assert fund_suggestions(household=world.household, wishes=[wish]) == {}


def test_a_wish_links_to_a_current_offer_of_its_municipality(world):
    club = LocalOfferFactory(municipality=world.household.team.municipality)
    wish = wish_create(
        household=world.household,
        created_by=world.peer,
        data={"category": "sport", "description": "Voetballen", "offer": club},
    )
    assert wish.offer == club


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"municipality": "elsewhere"}, "This offer is not in the municipality of this household."),
        ({"active": False}, "This offer is no longer active."),
        ({"valid_until": TODAY - timedelta(days=1)}, "This offer ended on"),
        ({"valid_from": TODAY + timedelta(days=10)}, "This offer only starts on"),
    ],
    ids=["other municipality", "inactive", "ended", "not yet"],
)
def test_a_wish_is_not_linked_to_an_offer_it_cannot_use_and_says_why(world, fields, message):
    # Given an offer that is elsewhere, inactive, ended or not started
    if fields.get("municipality") == "elsewhere":
        fields["municipality"] = MunicipalityFactory(code="GM0748")
    else:
        fields["municipality"] = world.household.team.municipality
    offer = LocalOfferFactory(**fields)
    # When a wish is linked to it, Then it is refused with the reason, on the offer field
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            wish_create(
                household=world.household,
                created_by=world.peer,
                data={"category": "sport", "description": "Voetballen", "offer": offer},
            )
        assert message in refused.value.message_dict["offer"][0]


def test_an_offer_that_ends_keeps_the_wishes_linked_to_it(world):
    # Given a wish linked to a club that has ended since
    club = LocalOfferFactory(municipality=world.household.team.municipality)
    wish = WishFactory(household=world.household, offer=club)
    club.valid_until = TODAY - timedelta(days=1)
    club.save()
    # When the wish is realised
    wish = wish_update(wish=wish, changed_by=world.peer, data={"status": "in_progress"})
    wish = wish_update(wish=wish, changed_by=world.peer, data={"status": "realised", "offer": club})
    # Then it keeps its link
    assert wish.status == "realised" and wish.offer == club


def test_adding_and_changing_an_entry_keeps_who_did_it(world):
    municipality = world.household.team.municipality
    offer = offer_create(
        municipality=municipality,
        created_by=world.coordinator,
        data={"name": "Kookgroep", "kind": "community_centre", "categories": ["social_contact"],
              "how_to_apply": "Bel het buurthuis."},
    )  # fmt: skip
    offer_update(offer=offer, changed_by=world.municipality_user, data={"active": False})
    users = offer.history.order_by("history_date").values_list("history_user", flat=True)
    assert list(users) == [world.coordinator.pk, world.municipality_user.pk]
    assert offer_list(user=world.peer, current_only=True).count() == 0


def test_an_entry_refuses_an_unknown_kind_of_wish(world):
    with pytest.raises(ValidationError) as refused:
        offer_create(
            municipality=world.household.team.municipality,
            created_by=world.coordinator,
            data={"name": "X", "kind": "club", "categories": ["gaming"], "how_to_apply": "Bel."},
        )
    assert "categories" in refused.value.message_dict
