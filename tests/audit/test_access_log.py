"""Every case view, list, login and refusal lands in the access log; coordinators read
their teams' part of it, admins all of it."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessAction, AccessLog
from audit.services import record_access
from tests.factories import PASSWORD, HouseholdFactory
from tests.helpers import client_for


def entries(**filters):
    return list(AccessLog.objects.filter(**filters).order_by("id"))


def test_opening_a_household_in_the_api_is_logged_with_who_when_and_from_where(world):
    # Given the lead peer on a phone
    client = client_for(world.peer)
    # When they open their household
    response = client.get(
        f"/api/v1/households/{world.household.pk}/",
        HTTP_USER_AGENT="OutreachPhone/1.0 " + "x" * 500,
        REMOTE_ADDR="10.1.2.3",
    )
    # Then one entry says who opened which case, when and from where
    assert response.status_code == 200
    [entry] = entries(action=AccessAction.VIEW_HOUSEHOLD)
    assert entry.user == world.peer and entry.username == "peer-noord-1"
    assert entry.role == "peer"
    assert entry.household == world.household
    assert entry.household_reference == world.household.reference
    assert entry.ip_address == "10.1.2.3"
    assert entry.user_agent.startswith("OutreachPhone/1.0") and len(entry.user_agent) == 200
    assert entry.path == f"/api/v1/households/{world.household.pk}/"
    assert timezone.now() - entry.at < timedelta(minutes=1)


def test_opening_a_record_of_a_household_is_logged_against_that_household(world):
    visit = world.household.visits.get()
    response = client_for(world.buddy).get(f"/api/v1/visits/{visit.pk}/")
    assert response.status_code == 200
    [entry] = entries(action=AccessAction.VIEW_RECORD)
    assert entry.household == world.household and entry.user == world.buddy
    assert entry.detail == f"visit {visit.pk}"


def test_every_case_list_is_logged_once_with_its_filters_but_not_the_search_term(world):
    client = client_for(world.coordinator)
    for url in ["/api/v1/households/?status=new&search=Jansen", "/api/v1/visits/",
                "/api/v1/wishes/", "/api/v1/provision-checks/", "/api/v1/follow-ups/",
                "/api/v1/consents/", "/api/v1/conflicts/"]:  # fmt: skip
        assert client.get(url).status_code == 200
    logged = entries(action=AccessAction.VIEW_LIST)
    assert len(logged) == 7
    assert logged[0].path == "/api/v1/households/"
    assert logged[0].detail == "search=%E2%80%A6&status=new"
    assert "Jansen" not in logged[0].detail


def test_a_household_out_of_scope_is_refused_and_the_attempt_logged(world):
    # Given the coordinator of the other team
    client = client_for(world.other_coordinator)
    # When they try to open a household of this team
    response = client.get(f"/api/v1/households/{world.household.pk}/")
    # Then it does not exist for them, and the attempt is on record, naming the case tried
    assert response.status_code == 404
    [entry] = entries(action=AccessAction.REFUSED)
    assert entry.user == world.other_coordinator and entry.status_code == 404
    assert entry.household == world.household
    assert not entries(action=AccessAction.VIEW_HOUSEHOLD)


def test_a_role_refused_a_resource_is_logged(world):
    response = client_for(world.municipality_user).get("/api/v1/households/")
    assert response.status_code == 403
    [entry] = entries(action=AccessAction.REFUSED)
    assert entry.user == world.municipality_user and entry.status_code == 403
    assert entry.path == "/api/v1/households/"


def test_a_peer_refused_a_coordinator_action_is_logged(world):
    response = client_for(world.peer).post(
        f"/api/v1/households/{world.household.pk}/close/", {"reason": "goals_reached"}
    )
    assert response.status_code == 403
    [entry] = entries(action=AccessAction.REFUSED)
    assert entry.user == world.peer and entry.household == world.household


def test_a_page_past_the_end_of_a_list_is_no_refusal(world):
    response = client_for(world.peer).get("/api/v1/households/?page=9")
    assert response.status_code == 404
    assert not entries(action=AccessAction.REFUSED)


def test_logins_failed_logins_and_logouts_on_the_pages_are_logged(client, world):
    client.post(reverse("login"), {"username": "peer-noord-1", "password": "wrong"})
    client.post(reverse("login"), {"username": "peer-noord-1", "password": PASSWORD})
    client.post(reverse("logout"))
    failed, login, logout = entries(action__in=["login_failed", "login", "logout"])
    assert failed.action == AccessAction.LOGIN_FAILED and failed.username == "peer-noord-1"
    assert failed.user is None
    assert login.action == AccessAction.LOGIN and login.user == world.peer
    assert logout.action == AccessAction.LOGOUT and logout.user == world.peer


def test_token_logins_and_failed_token_logins_are_logged(world):
    client = client_for(None)
    bad = client.post("/api/v1/auth/token/", {"username": "coord-noord", "password": "nope"})
    good = client.post("/api/v1/auth/token/", {"username": "coord-noord", "password": PASSWORD})
    assert (bad.status_code, good.status_code) == (400, 200)
    failed, login = entries(action__in=["login_failed", "token_login"])
    assert failed.action == AccessAction.LOGIN_FAILED and failed.username == "coord-noord"
    assert login.action == AccessAction.TOKEN_LOGIN and login.user == world.coordinator


def test_logging_an_access_costs_one_insert(world, rf):
    request = rf.get("/api/v1/households/")
    request.user = world.peer
    with CaptureQueriesContext(connection) as captured:
        record_access(request, action=AccessAction.VIEW_HOUSEHOLD, household=world.household)
    assert len(captured) == 1
    assert captured[0]["sql"].upper().startswith("INSERT")


def test_coordinators_read_the_log_of_their_teams_households_and_admins_all(world):
    client_for(world.peer).get(f"/api/v1/households/{world.household.pk}/")
    client_for(world.admin).get(f"/api/v1/households/{world.other_household.pk}/")
    client_for(world.peer).get("/api/v1/visits/")

    def households_seen_by(user):
        response = client_for(user).get("/api/v1/access-log/")
        assert response.status_code == 200
        return {row["household_reference"] for row in response.json()["results"]}

    assert households_seen_by(world.coordinator) == {world.household.reference}
    assert households_seen_by(world.other_coordinator) == {world.other_household.reference}
    assert households_seen_by(world.admin) >= {
        world.household.reference,
        world.other_household.reference,
        "",
    }


def test_the_access_log_filters_by_household_user_action_and_date(world):
    client_for(world.peer).get(f"/api/v1/households/{world.household.pk}/")
    client_for(world.buddy).get(f"/api/v1/households/{world.household.pk}/")
    client_for(world.peer).get("/api/v1/households/")
    admin = client_for(world.admin)
    today = timezone.localdate().isoformat()

    def count(query):
        response = admin.get(f"/api/v1/access-log/?{query}")
        assert response.status_code == 200, response.content
        return response.json()["count"]

    assert count(f"household={world.household.pk}") == 2
    assert count(f"reference={world.household.reference.lower()}") == 2
    assert count(f"user={world.buddy.pk}") == 1
    assert count(f"action=view_list&user={world.peer.pk}") == 1
    assert count(f"date_from={today}&date_to={today}&username=peer-noord-1") == 2
    assert count("date_to=2000-01-01") == 0
    assert admin.get("/api/v1/access-log/?action=peek").status_code == 400


def test_access_log_list_query_count_does_not_grow_with_the_rows(
    world, django_assert_max_num_queries
):
    client = client_for(world.coordinator)
    for _ in range(2):
        record_access(world.peer, action=AccessAction.VIEW_HOUSEHOLD, household=world.household)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/access-log/").status_code == 200
    for _ in range(60):
        record_access(world.peer, action=AccessAction.VIEW_HOUSEHOLD, household=world.household)
    with django_assert_max_num_queries(len(captured)):
        response = client.get("/api/v1/access-log/")
    assert len(response.json()["results"]) == 50
    assert len(captured) <= 5


def test_entries_about_another_teams_household_stay_hidden_from_the_coordinator(world):
    other = HouseholdFactory(team=world.other_household.team)
    record_access(world.admin, action=AccessAction.EXPORT, household=other)
    response = client_for(world.coordinator).get("/api/v1/access-log/?action=export")
    assert response.json()["count"] == 0


def test_behind_a_trusted_proxy_the_address_comes_from_its_last_forwarded_hop(world, settings):
    settings.AUDIT_TRUST_X_FORWARDED_FOR = True
    client_for(world.peer).get(
        f"/api/v1/households/{world.household.pk}/",
        HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.44",
        REMOTE_ADDR="10.0.0.1",
    )
    assert AccessLog.objects.get(action=AccessAction.VIEW_HOUSEHOLD).ip_address == "192.0.2.44"


def test_the_admin_site_shows_the_audit_trail_read_only(client, world):
    client.force_login(world.admin)
    assert client.get("/admin/audit/accesslog/").status_code == 200
    assert client.get("/admin/audit/breakglassgrant/").status_code == 200
    assert client.get("/admin/audit/accesslog/add/").status_code == 403
