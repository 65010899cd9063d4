"""The phone pages of consent first: registration asks for consent in the same step, a first
contact names nobody, the profile is edited from the household's page (health questions
only with that consent), neighbourhoods are chosen by name from the peer's own
municipality, and withdrawing consent shows and does what it says."""

import uuid
from datetime import date

import pytest
from django.test import TestCase
from django.urls import reverse

from outreach.models import (
    ConsentScope,
    ConsentText,
    FirstContact,
    Household,
    Municipality,
    ReferenceCounter,
)
from outreach.services.areas import area_names_load
from outreach.services.consent import consent_give
from tests.factories import (
    TeamFactory,
    UserFactory,
    consent_form_fields,
    consent_text,
    consents_payload,
)
from tests.helpers import client_for
from tests.peer.helpers import default_post_data, read_form, text_of


@pytest.fixture
def peer_client(client, world):
    # (references far from those the factory makes)
    ReferenceCounter.objects.create(year=2026, last_number=90000)
    client.force_login(world.peer)
    return client


@pytest.fixture
def names(db):
    # Neighbourhoods of Roosendaal (the world's municipality) and of Amsterdam
    area_names_load(
        year=2025,
        rows=[
            ("BU16740101", "Centrum-Noord"),
            ("BU16740201", "Kalsdonk"),
            ("BU03630000", "Kop Zeedijk"),
        ],
    )


def registration(world, **changes):
    return {
        "team": str(world.household.team_id),
        "contact_name": "Fam. Visser",
        "phone": "06 11223344",
        "postcode": "4701 AB",
        "adults": 1,
        "children_0_3": 0,
        "children_4_11": 0,
        "children_12_17": 0,
        "referral_source": "food_bank",
        "known_to_municipality": "unknown",
        **changes,
    }


def test_the_registration_page_refuses_without_consent_and_says_why(peer_client, world):
    before = Household.objects.count()
    response = peer_client.post(reverse("peer:register"), registration(world))
    assert response.status_code == 400
    assert "Vraag het huishouden eerst om toestemming" in text_of(response.content.decode())
    assert Household.objects.count() == before


def test_the_registration_page_with_consent_stores_household_consents_and_profile(
    peer_client, world, names
):
    response = peer_client.post(
        reverse("peer:register"),
        registration(
            world,
            neighbourhood_code="BU16740201",
            main_income_source="work",
            paid_work="yes",
            physical_health_problems="yes",
            **{
                **consent_form_fields(
                    ConsentScope.HOME_VISITS,
                    ConsentScope.DATA_STORAGE,
                    ConsentScope.SPECIAL_CATEGORY,
                ),
                "consent_method": "phone",
            },
        ),
    )
    assert response.status_code == 302
    household = Household.objects.get(contact_name="Fam. Visser")
    assert household.neighbourhood_code == "BU16740201"
    assert household.no_paid_work is False and household.physical_health_problems is True
    methods = set(household.consents.values_list("method", flat=True))
    assert methods == {"phone"}
    assert household.consents.count() == 3


def test_health_answers_without_that_consent_are_refused_on_the_page(peer_client, world):
    response = peer_client.post(
        reverse("peer:register"),
        registration(world, psychological_problems="yes", **consent_form_fields()),
    )
    assert response.status_code == 400
    assert not Household.objects.filter(contact_name="Fam. Visser").exists()


def test_the_api_refuses_a_registration_without_consent(world):
    client = client_for(world.peer)
    refused = client.post("/api/v1/households/", {"contact_name": "Nieuw"}, format="json")
    assert refused.status_code == 400
    assert "toestemming voor huisbezoek" in refused.json()["consents"][0]
    ReferenceCounter.objects.create(year=2026, last_number=90000)
    accepted = client.post(
        "/api/v1/households/",
        {"contact_name": "Nieuw", "consents": consents_payload()},
        format="json",
    )
    assert accepted.status_code == 201


def test_a_peer_sees_only_the_neighbourhoods_of_their_own_municipality(peer_client, names):
    page = peer_client.get(reverse("peer:register")).content.decode()
    assert "Kalsdonk" in page and "Centrum-Noord" in page
    assert "Kop Zeedijk" not in page
    # and a peer in Amsterdam sees only Amsterdam's
    amsterdam = Municipality.objects.create(code="GM0363", name="Amsterdam")
    peer = UserFactory(team=TeamFactory(municipality=amsterdam))
    other = client_for(None)
    other.force_login(peer)
    page = other.get(reverse("peer:first_contact")).content.decode()
    assert "Kop Zeedijk" in page and "Kalsdonk" not in page


def test_the_neighbourhood_is_chosen_by_name_never_typed_as_a_code(peer_client, world, names):
    fields = read_form(
        peer_client.get(reverse("peer:register")).content.decode(), "/households/new/"
    )
    neighbourhood = next(f for f in fields if f["name"] == "neighbourhood_code")
    assert neighbourhood["tag"] == "select"


def test_a_first_contact_from_the_page_names_nobody(peer_client, world, names):
    response = peer_client.post(
        reverse("peer:first_contact"),
        {
            "outcome": "no",
            "referral_source": "neighbour",
            "neighbourhood_code": "BU16740101",
            "contacted_on": "2026-12-01",
            "contact_name": "Fam. Onbekend",  # not a field: never stored
        },
    )
    assert response.status_code == 302
    contact = FirstContact.objects.get()
    assert (contact.outcome, contact.team, contact.noted_by) == (
        "no",
        world.household.team,
        world.peer,
    )
    assert "Fam. Onbekend" not in str(contact.__dict__)


def test_the_profile_page_saves_what_was_changed(peer_client, world, names):
    url = reverse("peer:profile", args=[world.household.pk])
    page = peer_client.get(url).content.decode()
    data = default_post_data(read_form(page, url))
    data.update({"neighbourhood_code": "BU16740201", "main_income_source": "pension"})
    response = peer_client.post(url, data)
    assert response.status_code == 302
    world.household.refresh_from_db()
    assert world.household.neighbourhood_code == "BU16740201"
    assert world.household.main_income_source == "pension"
    assert (
        "Kalsdonk"
        in peer_client.get(reverse("peer:household", args=[world.household.pk])).content.decode()
    )


def test_health_questions_show_only_while_that_consent_stands(peer_client, world):
    url = reverse("peer:profile", args=[world.household.pk])
    without = {f["name"] for f in read_form(peer_client.get(url).content.decode(), url)}
    assert "physical_health_problems" not in without
    # and a health answer sent anyway is refused
    response = peer_client.post(url, {"version": world.household.version, "adults": 1,
                                      "physical_health_problems": "yes"})  # fmt: skip
    world.household.refresh_from_db()
    assert world.household.physical_health_problems is None
    assert response.status_code in (302, 400)
    consent_give(
        household=world.household,
        scope=ConsentScope.SPECIAL_CATEGORY,
        text=consent_text(ConsentScope.SPECIAL_CATEGORY),
        method="written",
        recorded_by=world.peer,
    )
    with_consent = {f["name"] for f in read_form(peer_client.get(url).content.decode(), url)}
    assert {"physical_health_problems", "psychological_problems"} <= with_consent


def test_another_peer_cannot_open_the_profile(client, world):
    client.force_login(world.other_peer)
    assert client.get(reverse("peer:profile", args=[world.household.pk])).status_code == 404


def test_withdrawing_consent_for_keeping_data_asks_first_then_erases(peer_client, world):
    consent = world.household.consents.get(scope=ConsentScope.DATA_STORAGE)
    url = reverse("peer:consent_withdraw", args=[world.household.pk, consent.pk])
    # The consent page leads to a page that says what will happen
    page = peer_client.get(url).content.decode()
    assert "meteen gewist" in text_of(page)
    # A post without the confirmation erases nothing
    peer_client.post(url, {})
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    # Confirmed, the case is anonymised and leaves the peer's pages
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = peer_client.post(url, {"confirmed": "yes"})
    assert response.status_code == 302
    assert Household.objects.get(pk=world.household.pk).anonymised_at is not None
    assert peer_client.get(reverse("peer:household", args=[world.household.pk])).status_code == 404


def test_a_household_without_home_visit_consent_shows_as_no_contact_wanted(peer_client, world):
    consent = world.household.consents.get(scope=ConsentScope.HOME_VISITS)
    url = reverse("peer:consent_withdraw", args=[world.household.pk, consent.pk])
    peer_client.post(url, {"confirmed": "yes"})
    household_page = peer_client.get(reverse("peer:household", args=[world.household.pk]))
    assert "Geen contact gewenst" in household_page.content.decode()
    assert reverse("peer:visit", args=[world.household.pk]) not in household_page.content.decode()
    assert "Geen contact gewenst" in peer_client.get("/").content.decode()


def test_another_teams_household_cannot_be_withdrawn_from(client, world):
    client.force_login(world.peer)
    consent = world.other_household.consents.get(scope=ConsentScope.DATA_STORAGE)
    url = reverse("peer:consent_withdraw", args=[world.other_household.pk, consent.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirmed": "yes"}).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_the_coordinator_and_the_api_see_that_the_household_wants_no_contact(client, world):
    consent = world.household.consents.get(scope=ConsentScope.HOME_VISITS)
    api = client_for(world.coordinator)
    assert api.get(f"/api/v1/households/{world.household.pk}/").json()["contact_wanted"] is True
    api.post(f"/api/v1/consents/{consent.pk}/withdraw/")
    assert api.get(f"/api/v1/households/{world.household.pk}/").json()["contact_wanted"] is False
    client.force_login(world.coordinator)
    page = client.get("/coordinator/search/", {"q": world.household.reference}).content.decode()
    assert "Geen contact gewenst" in page


def test_a_case_from_before_consent_first_asks_for_consent_instead_of_saying_it_was_withdrawn(
    peer_client, world
):
    # Given a case registered before consent came first: no home-visit consent on record
    world.household.consents.filter(scope=ConsentScope.HOME_VISITS).delete()
    # When the peer opens it
    page = peer_client.get(reverse("peer:household", args=[world.household.pk])).content.decode()
    # Then the page asks to record the household's consent, and does not claim it withdrew
    assert "Nog geen toestemming vastgelegd" in page
    assert "ingetrokken" not in page
    assert reverse("peer:consent", args=[world.household.pk]) in page
    # And a visit sent anyway is refused with what to do
    response = client_for(world.peer).post(
        "/api/v1/visits/",
        {
            "household": world.household.pk,
            "client_uuid": str(uuid.uuid4()),
            "kind": "home_visit",
            "duration_minutes": 30,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "Vraag het huishouden eerst" in str(response.json())
    # When the household agrees and the peer records it
    peer_client.post(
        reverse("peer:consent", args=[world.household.pk]),
        {
            "scope": ConsentScope.HOME_VISITS,
            "text": consent_text(ConsentScope.HOME_VISITS).pk,
            "method": "verbal",
        },
    )
    # Then visits can be logged again
    page = peer_client.get(reverse("peer:household", args=[world.household.pk])).content.decode()
    assert reverse("peer:visit", args=[world.household.pk]) in page


def test_a_registration_with_another_municipalitys_consent_text_is_refused(world):
    # Given a consent text that another municipality published for home visits
    elsewhere = Municipality.objects.create(code="GM0748", name="Bergen op Zoom")
    theirs = ConsentText.objects.create(
        scope=ConsentScope.HOME_VISITS, version="B-1", text_nl="Bergse tekst",
        text_en="Bergen text", municipality=elsewhere,
    )  # fmt: skip
    payload = consents_payload()
    payload[0] = {**payload[0], "scope": ConsentScope.HOME_VISITS, "text": theirs.pk}
    before = Household.objects.count()
    ReferenceCounter.objects.create(year=2026, last_number=90000)
    # When a peer of Roosendaal registers a household with it
    response = client_for(world.peer).post(
        "/api/v1/households/", {"contact_name": "Nieuw", "consents": payload}, format="json"
    )
    # Then nothing is stored: a household agrees to its own municipality's text
    assert response.status_code == 400
    assert "gemeente" in str(response.json()["consents"])
    assert Household.objects.count() == before


def test_a_peer_in_teams_of_two_municipalities_registers_with_the_chosen_ones_texts(
    peer_client, world
):
    # Given the peer is also in a team of Bergen op Zoom, which published its own text
    bergen = Municipality.objects.create(code="GM0748", name="Bergen op Zoom")
    bergen_team = TeamFactory(name="Bergen Oost", municipality=bergen)
    world.peer.memberships.create(team=bergen_team, privacy_instruction_on=date(2026, 1, 1))
    theirs = ConsentText.objects.create(
        scope=ConsentScope.HOME_VISITS, version="B-1", text_nl="Bergse tekst voor huisbezoek",
        text_en="Bergen text", municipality=bergen,
    )  # fmt: skip
    # When the peer opens the registration
    page = peer_client.get(reverse("peer:register"))
    # Then they first choose the municipality, and no consent text is shown yet
    chooser = text_of(page.content.decode())
    assert "Bergen op Zoom" in chooser and "Roosendaal" in chooser
    assert "Bergse tekst" not in chooser
    # And for Bergen op Zoom the page shows Bergen's text and only Bergen's team
    url = reverse("peer:register") + f"?municipality={bergen.pk}"
    html = peer_client.get(url).content.decode()
    assert "Bergse tekst voor huisbezoek" in text_of(html)
    shown = default_post_data(read_form(html, url))
    assert shown[f"consent_{ConsentScope.HOME_VISITS}_text"] in (str(theirs.pk), [str(theirs.pk)])
    # and registering there stores the household in Bergen with Bergen's text
    data = {
        **registration(world, team=str(bergen_team.pk)),
        **consent_form_fields(ConsentScope.DATA_STORAGE),
        f"consent_{ConsentScope.HOME_VISITS}": "on",
        f"consent_{ConsentScope.HOME_VISITS}_text": theirs.pk,
    }
    assert peer_client.post(url, data).status_code == 302
    household = Household.objects.get(contact_name="Fam. Visser")
    assert household.team == bergen_team
    assert household.consents.get(scope=ConsentScope.HOME_VISITS).text == theirs
