"""The municipal administrator manages one municipality: its teams, the accounts of their
members, its catalogue, consent texts and text-message sign-off, on the admin site and through
the API. Never another municipality's, never the operator's account, never a case record."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from outreach.models import (
    ConsentText,
    Household,
    Municipality,
    Provision,
    Role,
    Team,
    TeamMembership,
    User,
)
from outreach.policies import two_factor_required
from tests.factories import TeamFactory, UserFactory
from tests.helpers import client_for

THIS_YEAR = date.today().year


@pytest.fixture
def there(world):
    """Bergen op Zoom beside the world's Roosendaal: a team with a peer, its own provision and
    consent text, and its own municipal administrator."""
    bergen = Municipality.objects.create(code="GM0748", name="Bergen op Zoom")
    team = TeamFactory(municipality=bergen, name="Team Bergen")
    return {
        "municipality": bergen,
        "team": team,
        "peer": UserFactory(username="peer-bergen", team=team),
        "admin": UserFactory(username="beheer-bergen", role=Role.MUNICIPAL_ADMIN,
                             municipality=bergen),
        "provision": Provision.objects.create(name="Bergse pas", year=THIS_YEAR,
                                              level="municipal", municipality=bergen),
        "text": ConsentText.objects.create(municipality=bergen, scope="sms", version="B-1",
                                           text_nl="Bergse sms-tekst", text_en="Bergen SMS"),
    }  # fmt: skip


@pytest.fixture
def manager(world) -> User:
    return UserFactory(
        username="beheer-roosendaal",
        role=Role.MUNICIPAL_ADMIN,
        municipality=world.household.team.municipality,
    )


def site(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def text_of(response) -> str:
    return response.content.decode()


# --- The admin site ---


def test_the_municipal_administrator_lands_on_the_management_pages(manager):
    response = site(manager).get("/")
    assert response.status_code == 302 and response.url == "/admin/"
    index = text_of(site(manager).get("/admin/"))
    for part in ("/admin/outreach/team/", "/admin/outreach/user/", "/admin/outreach/provision/",
                 "/admin/outreach/consenttext/", "/admin/outreach/municipality/"):  # fmt: skip
        assert part in index
    # No case record, no other part of the site
    assert "/admin/outreach/household/" not in index
    assert "/admin/notifications/" not in index
    assert "/admin/audit/" not in index


def test_it_sees_only_its_own_municipalitys_teams_and_accounts(world, there, manager):
    client = site(manager)
    teams = text_of(client.get("/admin/outreach/team/"))
    assert "Noord" in teams and "Zuid" in teams and "Team Bergen" not in teams
    accounts = text_of(client.get("/admin/outreach/user/"))
    assert world.peer.username in accounts and world.coordinator.username in accounts
    assert "peer-bergen" not in accounts
    # Not the operator, not the municipality's analysts
    assert f"/admin/outreach/user/{world.admin.pk}/change/" not in accounts
    assert f"/admin/outreach/user/{world.municipality_user.pk}/change/" not in accounts
    # Another municipality's team and account are not found
    for url in (f"/admin/outreach/team/{there['team'].pk}/change/",
                f"/admin/outreach/user/{there['peer'].pk}/change/",
                f"/admin/outreach/user/{world.admin.pk}/change/",
                f"/admin/outreach/user/{there['peer'].pk}/password/",
                f"/admin/outreach/team/{there['team'].pk}/history/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "Team Bergen" not in text_of(response) and "peer-bergen" not in text_of(response)


def test_it_cannot_change_another_municipalitys_team_or_account(world, there, manager):
    client = site(manager)
    client.post(f"/admin/outreach/team/{there['team'].pk}/change/", {"name": "Overgenomen"})
    client.post(f"/admin/outreach/user/{there['peer'].pk}/change/", {"is_active": ""})
    client.post(f"/admin/outreach/user/{world.admin.pk}/delete/", {"post": "yes"})
    assert Team.objects.get(pk=there["team"].pk).name == "Team Bergen"
    assert User.objects.get(pk=there["peer"].pk).is_active
    assert User.objects.filter(pk=world.admin.pk).exists()


def test_it_adds_a_team_to_its_own_municipality_only(world, there, manager):
    client = site(manager)
    form = text_of(client.get("/admin/outreach/team/add/"))
    assert "Bergen op Zoom" not in form
    client.post(
        "/admin/outreach/team/add/",
        {"name": "West", "municipality": there["municipality"].pk,
         "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert not Team.objects.filter(name="West", municipality=there["municipality"]).exists()
    response = client.post(
        "/admin/outreach/team/add/",
        {"name": "West", "municipality": world.household.team.municipality_id,
         "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Team.objects.get(name="West").municipality == world.household.team.municipality


def test_it_makes_a_peer_account_but_never_an_administrator(world, manager):
    client = site(manager)
    form = text_of(client.get("/admin/outreach/user/add/"))
    assert 'value="admin"' not in form and 'value="municipal_admin"' not in form
    assert "is_superuser" not in form and "is_staff" not in form
    base = {"username": "nieuw", "password1": "een-lang-wachtwoord-1", "usable_password": "true",
            "password2": "een-lang-wachtwoord-1",
            "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"}  # fmt: skip
    client.post("/admin/outreach/user/add/", {**base, "role": "admin"})
    assert not User.objects.filter(username="nieuw").exists()
    response = client.post("/admin/outreach/user/add/", {**base, "role": "peer"})
    assert response.status_code == 302
    made = User.objects.get(username="nieuw")
    assert made.role == Role.PEER and not made.is_staff and not made.is_superuser
    # The account is its municipality's: still in sight before it joins a team
    assert made.municipality == world.household.team.municipality
    assert client.get(f"/admin/outreach/user/{made.pk}/change/").status_code == 200


def test_it_puts_an_account_in_its_own_teams_only(world, there, manager):
    client = site(manager)
    page = text_of(client.get(f"/admin/outreach/user/{world.other_peer.pk}/change/"))
    assert "Team Bergen" not in page
    noord = world.household.team
    data = {
        "username": world.other_peer.username, "role": "peer", "is_active": "on",
        "first_name": "", "last_name": "", "email": "",
        "memberships-TOTAL_FORMS": "2", "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": world.other_peer.memberships.get().pk,
        "memberships-0-user": world.other_peer.pk, "memberships-0-team": noord.pk,
        "memberships-0-started_on": "2025-01-01",
        "memberships-1-user": world.other_peer.pk, "memberships-1-team": there["team"].pk,
        "memberships-1-started_on": "2026-01-01",
    }  # fmt: skip
    client.post(f"/admin/outreach/user/{world.other_peer.pk}/change/", data)
    assert not TeamMembership.objects.filter(user=world.other_peer, team=there["team"]).exists()
    # The same form with its own team Zuid is saved
    data["memberships-1-team"] = world.other_household.team_id
    response = client.post(f"/admin/outreach/user/{world.other_peer.pk}/change/", data)
    assert response.status_code == 302
    assert TeamMembership.objects.filter(
        user=world.other_peer, team=world.other_household.team
    ).exists()


def test_it_sets_its_own_sign_off_and_not_another_municipalitys(world, there, manager):
    client = site(manager)
    own = world.household.team.municipality
    response = client.post(
        f"/admin/outreach/municipality/{own.pk}/change/",
        {"sms_sender_name": "STA-team Roosendaal", "sms_help_contact": "0165 579 111",
         "code": "GM9999", "name": "Anders"},
    )  # fmt: skip
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.sms_sender_name, own.sms_help_contact) == ("STA-team Roosendaal", "0165 579 111")
    assert (own.code, own.name) == ("GM1674", "Roosendaal")  # the operator's to say
    client.post(
        f"/admin/outreach/municipality/{there['municipality'].pk}/change/",
        {"sms_sender_name": "Overgenomen", "sms_help_contact": "0"},
    )
    there["municipality"].refresh_from_db()
    assert there["municipality"].sms_sender_name == ""
    assert client.get("/admin/outreach/municipality/add/").status_code == 403


def test_it_keeps_its_own_catalogue_and_reads_the_shared_one(world, there, manager):
    client = site(manager)
    catalogue = text_of(client.get("/admin/outreach/provision/"))
    assert "Zorgtoeslag" in catalogue and "Bergse pas" not in catalogue
    shared = Provision.objects.filter(municipality=None).first()
    # The shared rows are read only for it
    page = text_of(client.get(f"/admin/outreach/provision/{shared.pk}/change/"))
    assert 'name="name"' not in page
    client.post(f"/admin/outreach/provision/{shared.pk}/change/",
                {"name": "Gewijzigd", "year": THIS_YEAR, "level": "national"})  # fmt: skip
    assert Provision.objects.get(pk=shared.pk).name == shared.name
    # Another municipality's are not there at all
    assert client.get(f"/admin/outreach/provision/{there['provision'].pk}/change/").status_code in (
        302, 404,
    )  # fmt: skip
    # Its own it adds, for its own municipality only
    response = client.post(
        "/admin/outreach/provision/add/",
        {"name": "Roosendaalpas", "year": THIS_YEAR, "level": "municipal",
         "municipality": world.household.team.municipality_id, "how_to_apply": "Bij de balie",
         "decision_term_weeks": 8,
         "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Provision.objects.get(name="Roosendaalpas").municipality_id == (
        world.household.team.municipality_id
    )


def test_it_publishes_its_own_consent_text_and_leaves_others_alone(world, there, manager):
    client = site(manager)
    listing = text_of(client.get("/admin/outreach/consenttext/"))
    assert "B-1" not in listing
    response = client.post(
        "/admin/outreach/consenttext/add/",
        {"municipality": world.household.team.municipality_id, "scope": "sms", "version": "R-1",
         "text_nl": "Roosendaalse sms-tekst", "text_en": "Roosendaal SMS",
         "published_on": date.today().isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    client.post(f"/admin/outreach/consenttext/{there['text'].pk}/delete/", {"post": "yes"})
    assert ConsentText.objects.filter(pk=there["text"].pk).exists()


def test_a_consent_text_households_agreed_to_is_not_rewritten(world, manager):
    from outreach.services.consent import consent_give

    text = ConsentText.objects.create(
        municipality=world.household.team.municipality, scope="sms", version="R-1",
        text_nl="Roosendaalse sms-tekst", text_en="Roosendaal SMS",
    )  # fmt: skip
    consent_give(household=world.household, scope="sms", text=text, method="verbal",
                 recorded_by=world.peer)  # fmt: skip
    client = site(manager)
    client.post(f"/admin/outreach/consenttext/{text.pk}/change/",
                {"municipality": text.municipality_id, "scope": "sms", "version": "R-1",
                 "text_nl": "Iets anders", "text_en": "Else",
                 "published_on": date.today().isoformat()})  # fmt: skip
    text.refresh_from_db()
    assert text.text_nl == "Roosendaalse sms-tekst"


def test_a_municipal_administrator_without_a_municipality_manages_nothing(db):
    loose = UserFactory(username="beheer-los", role=Role.MUNICIPAL_ADMIN)
    response = site(loose).get("/admin/outreach/team/")
    assert response.status_code == 302 and "/login/" in response.url


def test_the_municipal_administrator_must_use_the_two_step_login(manager, settings):
    settings.OTP_REQUIRED = True
    assert two_factor_required(manager)


# --- The API ---


def test_it_sees_no_case_record_through_the_api(world, manager):
    api = client_for(manager)
    assert api.get("/api/v1/households/").status_code == 403
    assert api.get(f"/api/v1/households/{world.household.pk}/").status_code == 403
    assert api.get("/api/v1/visits/").status_code == 403


def test_the_api_gives_its_own_teams_and_accounts(world, there, manager):
    api = client_for(manager)
    teams = {row["name"] for row in api.get("/api/v1/teams/").json()["results"]}
    assert teams == {"Noord", "Zuid"}
    users = {row["username"] for row in api.get("/api/v1/users/").json()["results"]}
    assert world.peer.username in users and "peer-bergen" not in users
    assert world.admin.username not in users
    assert api.get(f"/api/v1/users/{there['peer'].pk}/").status_code == 404


def test_it_keeps_its_catalogue_through_the_api(world, there, manager):
    api = client_for(manager)
    made = api.post(
        "/api/v1/provisions/",
        {"name": "Roosendaalpas", "level": "municipal", "year": THIS_YEAR,
         "how_to_apply": "Aanvragen bij de balie van het stadskantoor."},
        format="json",
    )  # fmt: skip
    assert made.status_code == 201
    assert made.json()["municipality_code"] == "GM1674"
    # The same name and year twice is refused, not a server error
    again = api.post("/api/v1/provisions/",
                     {"name": "Roosendaalpas", "level": "municipal", "year": THIS_YEAR},
                     format="json")  # fmt: skip
    assert again.status_code == 400
    # Next year's amounts are a new row
    next_year = api.post("/api/v1/provisions/",
                         {"name": "Roosendaalpas", "level": "municipal", "year": THIS_YEAR + 1,
                          "typical_annual_value": "120.00"}, format="json")  # fmt: skip
    assert next_year.status_code == 201
    shared = Provision.objects.filter(municipality=None).first()
    assert api.patch(f"/api/v1/provisions/{shared.pk}/", {"active": False},
                     format="json").status_code == 403  # fmt: skip
    assert api.patch(f"/api/v1/provisions/{there['provision'].pk}/", {"active": False},
                     format="json").status_code == 404  # fmt: skip
    assert Provision.objects.get(pk=there["provision"].pk).active


def test_peers_and_coordinators_cannot_change_the_catalogue(world):
    for user in (world.peer, world.coordinator):
        response = client_for(user).post(
            "/api/v1/provisions/", {"name": "X", "level": "national"}, format="json"
        )
        assert response.status_code == 403


def test_the_operator_still_manages_every_municipality(world, there):
    client = site(world.admin)
    assert "Team Bergen" in text_of(client.get("/admin/outreach/team/"))
    assert "peer-bergen" in text_of(client.get("/admin/outreach/user/"))
    made = client_for(world.admin).post(
        "/api/v1/provisions/", {"name": "Landelijke toeslag", "level": "national"}, format="json"
    )
    assert made.status_code == 201 and made.json()["municipality_code"] is None
    assert Household.objects.exists()


def add_own_rows(world, count: int) -> None:
    municipality = world.household.team.municipality
    for _ in range(count):
        team = TeamFactory(municipality=municipality)
        UserFactory(team=team)
        number = Provision.objects.count()
        Provision.objects.create(name=f"Regeling {number}", level="municipal",
                                 municipality=municipality)  # fmt: skip
        ConsentText.objects.create(
            municipality=municipality, scope="sms", version=f"R-{number}", text_nl="Tekst",
            text_en="Text",
        )  # fmt: skip


@pytest.mark.parametrize(
    "url", ["/api/v1/provisions/", "/api/v1/consent-texts/", "/api/v1/users/", "/api/v1/teams/"]
)
def test_its_lists_cost_the_same_for_1_and_50_rows(
    world, manager, url, django_assert_max_num_queries
):
    # Given one row of each of its own, and the number of queries its list takes
    api = client_for(manager)
    add_own_rows(world, 1)
    with CaptureQueriesContext(connection) as one_row:
        assert api.get(url).status_code == 200
    # When there are 50
    add_own_rows(world, 49)
    # Then the list takes no more queries
    with django_assert_max_num_queries(len(one_row)):
        response = api.get(url)
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert len(rows) >= 50
