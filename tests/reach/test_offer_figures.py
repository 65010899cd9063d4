"""Realised wishes linked to the local offer, per kind of offer: counted in the period the
wish was realised, and a small group hidden."""

from datetime import date

from outreach.models import ParticipationWish
from reach.models import ReachCell
from reach.services import reach_refresh
from tests.factories import HouseholdFactory, LocalOfferFactory, WishFactory
from tests.helpers import client_for
from tests.reach.helpers import cell

REALISED_ON = date(2026, 6, 15)
TODAY = date(2026, 9, 30)


def realised(world, offer, households: int, **wish_fields) -> None:
    for _ in range(households):
        household = HouseholdFactory(team=world.household.team, neighbourhood_code="BU16740101")
        WishFactory(household=household, offer=offer, status="realised",
                    status_changed_on=REALISED_ON, **wish_fields)  # fmt: skip


def test_realised_wishes_are_counted_per_kind_of_offer_and_a_small_group_is_hidden(world):
    # Given 13 households that realised a wish at a club, 12 at a course, 2 through a fund;
    # a wish at a club still in progress and a realised wish with no offer
    municipality = world.household.team.municipality
    club = LocalOfferFactory(municipality=municipality, kind="club")
    course = LocalOfferFactory(municipality=municipality, name="Taalcursus", kind="course")
    fund = LocalOfferFactory(municipality=municipality, name="Jeugdfonds", kind="fund")
    realised(world, club, 13)
    realised(world, course, 12)
    realised(world, fund, 2)
    WishFactory(household=world.household, offer=club, status="in_progress")
    WishFactory(household=world.household, status="realised", status_changed_on=REALISED_ON)
    # When the figures are refreshed
    reach_refresh(municipality=municipality, today=TODAY)
    # Then the fund's 2 households are hidden, and so is a second kind, or the total minus
    # the shown kind would give the fund away; the total is shown, rounded
    name = "wishes_realised_by_offer_kind"
    fund_cell = cell(name, "2026", breakdown="fund")
    assert fund_cell.suppressed and fund_cell.value is None and fund_cell.reason == "too_few"
    kinds = [cell(name, "2026", breakdown=kind) for kind in ("club", "course")]
    assert sorted(c.reason or "" for c in kinds) == ["", "protects_other"]
    assert {c.value for c in kinds} - {None} <= {10, 15}
    assert cell(name, "2026").value == 25  # 27 wishes of 27 households, rounded
    assert cell(name, "2026-Q2").value == 25  # realised in June
    assert not ReachCell.objects.filter(measure=name, period="2026-Q3").exists()


def test_the_dashboard_and_the_download_show_the_offer_kinds(client, world):
    # Given enough realised wishes at clubs for a published figure
    municipality = world.household.team.municipality
    club = LocalOfferFactory(municipality=municipality, kind="club")
    realised(world, club, 11)
    reach_refresh(municipality=municipality, today=TODAY)
    # When the municipality opens its figures and downloads the year
    client.force_login(world.municipality_user)
    page = client.get("/reach/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    download = client_for(world.municipality_user).get(
        "/api/v1/reach/", {"period": "year", "area": "municipality", "format": "csv"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode("utf-8-sig")  # fmt: skip
    # Then both show the wishes realised through the local offer, per kind
    assert "Wishes realised through the local offer" in page
    assert "Club" in page[page.index('id="offer-title"') :]
    assert "Wishes realised through the local offer, by kind of offer" in download
    assert ParticipationWish.objects.filter(offer=club).count() == 11
