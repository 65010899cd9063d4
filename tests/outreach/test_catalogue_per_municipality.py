"""Each municipality its own catalogue of provisions, per year, and its own consent texts;
the shared (national) rows and the deployment's texts for what it has not made its own."""

from datetime import date

import pytest
from django.urls import reverse

from outreach.models import ConsentScope, ConsentText, Municipality, Provision, ProvisionCheck
from outreach.selectors.catalogue import provision_catalogue
from outreach.services.provision_checks import provision_check_create
from tests.factories import HouseholdFactory, TeamFactory
from tests.helpers import client_for

THIS_YEAR = date.today().year


def provision(name, year, value, municipality=None, **extra) -> Provision:
    return Provision.objects.create(
        name=name, year=year, typical_annual_value=value, level="national",
        municipality=municipality, **extra,
    )  # fmt: skip


@pytest.fixture
def bergen(db) -> Municipality:
    return Municipality.objects.create(code="GM0748", name="Bergen op Zoom")


def names(rows) -> set[str]:
    return {row.name for row in rows}


def test_the_catalogue_of_a_year_holds_that_years_amounts(world):
    # Given a shared provision whose amount changed on 1 January
    old = provision("Energietoeslag", THIS_YEAR - 1, 1300)
    new = provision("Energietoeslag", THIS_YEAR, 1400)
    municipality_id = world.household.team.municipality_id
    # Then each year's catalogue has that year's row, and before the first year there is none
    this_year = provision_catalogue(municipality_id=municipality_id, year=THIS_YEAR)
    last_year = provision_catalogue(municipality_id=municipality_id, year=THIS_YEAR - 1)
    earlier = provision_catalogue(municipality_id=municipality_id, year=THIS_YEAR - 2)
    assert new in this_year and old not in this_year
    assert old in last_year and new not in last_year
    assert "Energietoeslag" not in names(earlier)
    # And a row lasts until a newer one: next year still has this year's amounts
    assert new in provision_catalogue(municipality_id=municipality_id, year=THIS_YEAR + 1)


def test_a_municipalitys_own_row_replaces_the_shared_one_and_no_other_sees_it(world, bergen):
    # Given a shared provision, and Roosendaal's own version of it and a provision of its own
    roosendaal = world.household.team.municipality
    provision("Kindpakket", THIS_YEAR, 300)
    own = provision("Kindpakket", THIS_YEAR, 450, municipality=roosendaal)
    local = provision("Roosendaalpas", THIS_YEAR, 100, municipality=roosendaal)
    # Then Roosendaal's catalogue has its own version and its own provision
    mine = provision_catalogue(municipality_id=roosendaal.pk, year=THIS_YEAR)
    assert own in mine and local in mine
    assert [row.pk for row in mine if row.name == "Kindpakket"] == [own.pk]
    # And Bergen op Zoom's has the shared one, and nothing of Roosendaal's
    theirs = provision_catalogue(municipality_id=bergen.pk, year=THIS_YEAR)
    assert "Kindpakket" in names(theirs) and own not in theirs
    assert "Roosendaalpas" not in names(theirs)


def test_a_provision_whose_newest_row_is_inactive_is_no_longer_offered(world):
    provision("Tijdelijke toeslag", THIS_YEAR - 1, 200)
    provision("Tijdelijke toeslag", THIS_YEAR, 200, active=False)
    catalogue = provision_catalogue(
        municipality_id=world.household.team.municipality_id, year=THIS_YEAR
    )
    assert "Tijdelijke toeslag" not in names(catalogue)


def test_last_years_check_keeps_last_years_amount(world):
    # Given a check made last year against last year's amount
    old = provision("Energietoeslag", THIS_YEAR - 1, 1300)
    last_years = provision_check_create(
        household=world.household, created_by=world.peer,
        data={"provision": old, "outcome": "non_use_found",
              "checked_on": date(THIS_YEAR - 1, 6, 1)},
    )  # fmt: skip
    # When the new amount is added for this year and a new check is made
    new = provision("Energietoeslag", THIS_YEAR, 1400)
    this_years = provision_check_create(
        household=world.household, created_by=world.peer,
        data={"provision": new, "outcome": "non_use_found"},
    )  # fmt: skip
    # Then the new check counts this year's amount, and last year's keeps last year's
    last_years.refresh_from_db()
    assert this_years.estimated_annual_value == 1400
    assert last_years.estimated_annual_value == 1300
    assert last_years.provision.typical_annual_value == 1300


def test_the_visit_form_offers_the_catalogue_of_the_households_municipality(client, world, bergen):
    # Given a provision of Bergen op Zoom, one of Roosendaal, and a shared one
    provision("Bergse pas", THIS_YEAR, 100, municipality=bergen)
    provision("Roosendaalpas", THIS_YEAR, 100, municipality=world.household.team.municipality)
    provision("Energietoeslag", THIS_YEAR, 1400)
    # When the peer opens the visit form for a household in Roosendaal
    client.force_login(world.peer)
    page = client.get(reverse("peer:visit", args=[world.household.pk])).content.decode()
    # Then it offers Roosendaal's and the shared ones, not Bergen op Zoom's
    assert "Roosendaalpas" in page and "Energietoeslag" in page
    assert "Bergse pas" not in page


def test_a_check_of_another_municipalitys_provision_is_refused(world, bergen):
    # Given a provision of Bergen op Zoom only
    theirs = provision("Bergse pas", THIS_YEAR, 100, municipality=bergen)
    # When a peer of Roosendaal records a check of it through the API
    response = client_for(world.peer).post(
        "/api/v1/provision-checks/",
        {"household": world.household.pk, "provision": theirs.pk, "outcome": "already_used"},
        format="json",
    )
    # Then it is refused, as if the provision did not exist, and nothing is stored
    assert response.status_code == 400
    assert "provision" in response.json()
    assert not ProvisionCheck.objects.filter(provision=theirs).exists()


def test_the_peer_reads_the_shared_catalogue_and_their_own_municipalitys(world, bergen):
    provision("Bergse pas", THIS_YEAR, 100, municipality=bergen)
    provision("Roosendaalpas", THIS_YEAR, 100, municipality=world.household.team.municipality)
    response = client_for(world.peer).get("/api/v1/provisions/?search=pas")
    found = {row["name"]: row for row in response.json()["results"]}
    assert set(found) == {"Roosendaalpas"}
    assert found["Roosendaalpas"]["municipality_code"] == "GM1674"
    assert found["Roosendaalpas"]["year"] == THIS_YEAR


# --- Consent texts ---


def local_text(municipality, scope=ConsentScope.HOME_VISITS, wording="Eigen tekst") -> ConsentText:
    return ConsentText.objects.create(
        municipality=municipality, scope=scope, version="R-1",
        text_nl=f"{wording} over huisbezoek.", text_en=f"{wording} about home visits.",
    )  # fmt: skip


def not_yet_agreed_to_home_visits(household) -> None:
    """Registered households agreed to home visits already (consent first); these tests are
    about the moment a household agrees, so that consent is taken back out of the record."""
    household.consents.filter(scope="home_visits").delete()


def test_the_consent_page_shows_the_municipalitys_own_text(client, world, bergen):
    not_yet_agreed_to_home_visits(world.household)
    # Given Roosendaal published its own text for home visits, and Bergen op Zoom its own
    local_text(world.household.team.municipality, wording="Roosendaalse tekst")
    local_text(bergen, wording="Bergse tekst")
    # When the peer opens the consent page of a household in Roosendaal
    client.force_login(world.peer)
    page = client.get(reverse("peer:consent", args=[world.household.pk])).content.decode()
    # Then the household is shown Roosendaal's text, not the default, not Bergen op Zoom's
    assert "Roosendaalse tekst over huisbezoek." in page
    default = ConsentText.objects.get(scope="home_visits", municipality=None, version="2026-1")
    assert default.text_nl not in page
    assert "Bergse tekst" not in page


def test_a_municipality_without_its_own_text_shows_the_deployments(client, world, bergen):
    not_yet_agreed_to_home_visits(world.household)
    local_text(bergen, wording="Bergse tekst")
    client.force_login(world.peer)
    page = client.get(reverse("peer:consent", args=[world.household.pk])).content.decode()
    default = ConsentText.objects.get(scope="home_visits", municipality=None, version="2026-1")
    assert default.text_nl in page and "Bergse tekst" not in page


def test_consent_given_on_the_page_is_recorded_against_the_municipalitys_text(
    client, world, bergen
):
    not_yet_agreed_to_home_visits(world.household)
    own = local_text(world.household.team.municipality, wording="Roosendaalse tekst")
    client.force_login(world.peer)
    response = client.post(
        reverse("peer:consent", args=[world.household.pk]),
        {"scope": "home_visits", "text": own.pk, "method": "verbal"},
    )
    assert response.status_code == 302
    assert world.household.consents.get(scope="home_visits").text == own


def test_the_api_lists_the_deployments_texts_and_the_municipalitys_own(world, bergen):
    own = local_text(world.household.team.municipality, wording="Roosendaalse tekst")
    theirs = local_text(bergen, wording="Bergse tekst")
    rows = client_for(world.peer).get("/api/v1/consent-texts/?scope=home_visits").json()
    ids = {row["id"] for row in rows}
    assert own.pk in ids and theirs.pk not in ids
    assert {row["municipality_code"] for row in rows} == {None, "GM1674"}


def test_consent_against_another_municipalitys_text_is_refused(world, bergen):
    not_yet_agreed_to_home_visits(world.household)
    theirs = local_text(bergen, wording="Bergse tekst")
    response = client_for(world.peer).post(
        "/api/v1/consents/",
        {"household": world.household.pk, "scope": "home_visits", "text": theirs.pk,
         "method": "verbal"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert not world.household.consents.filter(scope="home_visits").exists()


def test_a_household_in_a_new_team_of_another_municipality_gets_that_catalogue(world, bergen):
    # Given a household of a team in Bergen op Zoom
    household = HouseholdFactory(team=TeamFactory(municipality=bergen))
    mine = provision("Bergse pas", THIS_YEAR, 100, municipality=bergen)
    # Then a check of Bergen's provision is accepted for it
    check = provision_check_create(
        household=household, created_by=world.admin,
        data={"provision": mine, "outcome": "already_used"},
    )  # fmt: skip
    assert check.provision == mine
