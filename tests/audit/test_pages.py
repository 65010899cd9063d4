"""The audit pages for every role; a refused page is logged like a refused API call."""

import pytest
from django.utils import timezone

from audit.models import AccessAction, AccessLog, BreakGlassGrant
from audit.services import break_glass_open
from outreach.models import ErasureRecord, Household

ROLES = ["peer", "other_peer", "coordinator", "other_coordinator", "municipality_user", "admin"]
REASON = "Lead peer is ill and the household called about an eviction"

PAGES = {
    "access log": (lambda w: "/audit/access-log/",
                   dict(coordinator=200, other_coordinator=200, admin=200)),
    "household access log": (lambda w: f"/audit/households/{w.household.pk}/access-log/",
                             dict(coordinator=200, admin=200)),
    "break the glass": (lambda w: "/audit/break-glass/",
                        dict(coordinator=200, other_coordinator=200, admin=200)),
    "erase a case": (lambda w: f"/audit/households/{w.household.pk}/erase/",
                     dict(coordinator=200, admin=200)),
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_each_role_gets_the_audit_pages_designed_for_it(client, world, page, role):
    url, allowed = PAGES[page]
    client.force_login(getattr(world, role))
    response = client.get(url(world))
    assert response.status_code == allowed.get(role, 404)


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, world, page):
    response = client.get(PAGES[page][0](world))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_page_refused_for_a_case_out_of_scope_is_logged(client, world):
    client.force_login(world.other_coordinator)
    response = client.get(f"/audit/households/{world.household.pk}/access-log/")
    assert response.status_code == 404
    [entry] = AccessLog.objects.filter(action=AccessAction.REFUSED)
    assert entry.user == world.other_coordinator and entry.status_code == 404
    assert entry.path == f"/audit/households/{world.household.pk}/access-log/"


def test_opening_the_household_access_log_page_is_itself_logged(client, world):
    client.force_login(world.coordinator)
    response = client.get(f"/audit/households/{world.household.pk}/access-log/")
    assert world.household.reference in response.content.decode()
    assert AccessLog.objects.filter(
        action=AccessAction.VIEW_HOUSEHOLD, household=world.household, user=world.coordinator
    ).exists()


def test_the_access_log_page_shows_and_filters_entries_in_dutch(client, world):
    client.force_login(world.peer)
    client.get("/")
    client.force_login(world.admin)
    page = client.get("/audit/access-log/?action=refused").content.decode()
    assert "Toegangslogboek" in page
    page = client.get("/audit/access-log/").content.decode()
    assert "Een lijst geopend" in page or "Toegangslogboek" in page


def test_a_coordinator_breaks_the_glass_on_the_page_with_a_reason(client, world):
    client.force_login(world.coordinator)
    refused = client.post(
        "/audit/break-glass/", {"reference": world.other_household.reference, "reason": "kort"}
    )
    assert refused.status_code == 200 and not BreakGlassGrant.objects.exists()
    response = client.post(
        "/audit/break-glass/",
        {"reference": world.other_household.reference, "reason": REASON},
        follow=True,
    )
    # Then the case page opens, saying until when
    assert response.redirect_chain[-1][0] == f"/households/{world.other_household.pk}/"
    page = response.content.decode()
    assert world.other_household.contact_name in page
    assert f"U kunt dossier {world.other_household.reference} openen tot" in page
    assert BreakGlassGrant.objects.get().user == world.coordinator


def test_the_admin_sees_every_grant_on_the_page_without_a_form(client, world):
    client.force_login(world.coordinator)
    client.post(
        "/audit/break-glass/", {"reference": world.other_household.reference, "reason": REASON}
    )
    client.force_login(world.admin)
    page = client.get("/audit/break-glass/").content.decode()
    assert REASON in page and "coord-noord" in page
    assert 'name="reason"' not in page


def test_the_peers_household_page_and_today_list_land_in_the_access_log(client, world):
    client.force_login(world.peer)
    assert client.get(f"/households/{world.household.pk}/").status_code == 200
    assert client.get("/?q=Jansen").status_code == 200
    viewed = AccessLog.objects.get(action=AccessAction.VIEW_HOUSEHOLD)
    assert viewed.household == world.household and viewed.user == world.peer
    listed = AccessLog.objects.get(action=AccessAction.VIEW_LIST)
    assert listed.path == "/" and "Jansen" not in listed.detail


def test_a_peer_page_refused_for_another_teams_household_is_logged(client, world):
    client.force_login(world.peer)
    assert client.get(f"/households/{world.other_household.pk}/").status_code == 404
    [entry] = AccessLog.objects.filter(action=AccessAction.REFUSED)
    assert entry.user == world.peer and entry.path == f"/households/{world.other_household.pk}/"


def test_the_coordinator_pages_land_in_the_access_log(client, world):
    client.force_login(world.coordinator)
    pages = ["intake", "workload", "overdue", "caseload", "closed", "conflicts"]
    lists = [f"/coordinator/{page}/" for page in pages]
    for url in lists:
        assert client.get(url).status_code == 200
    for action in ["assign", "close"]:
        url = f"/coordinator/households/{world.household.pk}/{action}/"
        assert client.get(url).status_code == 200
    assert AccessLog.objects.filter(action=AccessAction.VIEW_LIST).count() == len(lists)
    opened = AccessLog.objects.filter(action=AccessAction.VIEW_HOUSEHOLD)
    assert [entry.household for entry in opened] == [world.household] * 2


def test_a_coordinator_page_refused_to_a_peer_is_logged(client, world):
    client.force_login(world.peer)
    assert client.get("/coordinator/intake/").status_code == 403
    assert AccessLog.objects.get(action=AccessAction.REFUSED).status_code == 403


@pytest.mark.parametrize("page", ["visit", "consent"])
def test_the_peers_visit_and_consent_pages_of_a_household_are_logged(client, world, page):
    client.force_login(world.peer)
    assert client.get(f"/households/{world.household.pk}/{page}/").status_code == 200
    entry = AccessLog.objects.get(action=AccessAction.VIEW_HOUSEHOLD)
    assert entry.household == world.household and entry.path.endswith(f"/{page}/")


def test_a_coordinator_erases_a_case_of_their_team_on_the_page(client, world):
    client.force_login(world.coordinator)
    url = f"/audit/households/{world.household.pk}/erase/"
    # Without ticking the confirmation nothing happens
    unconfirmed = client.post(url, {"reason": "Verzoek per telefoon"})
    assert unconfirmed.status_code == 200 and not ErasureRecord.objects.exists()
    # With it, the case is erased and the coordinator is told so
    response = client.post(url, {"reason": "Verzoek per telefoon", "confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert f"Dossier {world.household.reference} is gewist" in response.content.decode()
    assert Household.objects.get(pk=world.household.pk).anonymised_at is not None
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["other_coordinator", "peer"])
def test_nobody_outside_the_team_can_erase_a_case(client, world, role):
    client.force_login(getattr(world, role))
    data = {"reason": "Verzoek", "confirm": "on"}
    response = client.post(f"/audit/households/{world.household.pk}/erase/", data)
    assert response.status_code == 404
    assert Household.objects.get(pk=world.household.pk).anonymised_at is None


def test_breaking_the_glass_does_not_allow_erasing(client, world):
    break_glass_open(user=world.other_coordinator, reference=world.household.reference,
                     reason=REASON)  # fmt: skip
    client.force_login(world.other_coordinator)
    data = {"reason": "Verzoek", "confirm": "on"}
    response = client.post(f"/audit/households/{world.household.pk}/erase/", data)
    assert response.status_code == 404
    assert not ErasureRecord.objects.exists()


def test_the_access_log_is_filtered_by_a_person_chosen_by_name(client, world):
    # Given two peers who each opened their case page
    world.peer.first_name, world.peer.last_name = "Anja", "de Vries"
    world.peer.save()
    for peer in (world.peer, world.buddy):
        client.force_login(peer)
        client.get(f"/households/{world.household.pk}/")
    client.force_login(world.coordinator)
    page = client.get("/audit/access-log/").content.decode()
    # The person is chosen by name, not typed as an internal number
    assert f'<option value="{world.peer.pk}">Anja de Vries (peer-noord-1)</option>' in page
    assert "Gebruiker (nummer)" not in page
    page = client.get("/audit/access-log/", {"person": world.peer.pk}).content.decode()
    assert "peer-noord-1" in page.split("<table", 1)[1]
    assert "peer-noord-2" not in page.split("<table", 1)[1]


def test_the_access_log_finds_a_household_by_name_without_logging_the_name(client, world):
    client.force_login(world.peer)
    client.get(f"/households/{world.household.pk}/")
    client.force_login(world.coordinator)
    name = world.household.contact_name
    page = client.get("/audit/access-log/", {"search": name}).content.decode()
    assert world.household.reference in page.split("<table", 1)[1]
    page = client.get("/audit/access-log/", {"search": "Niemand"}).content.decode()
    assert world.household.reference not in page.split("<table", 1)[-1]
    # The words searched for are not kept in the log of this very look-up
    assert not AccessLog.objects.filter(detail__contains=name).exists()


def test_the_access_log_offers_date_pickers(client, world):
    client.force_login(world.coordinator)
    page = client.get("/audit/access-log/").content.decode()
    assert page.count('type="date"') == 2
    today = timezone.localdate().isoformat()
    response = client.get("/audit/access-log/", {"date_from": today, "date_to": today})
    assert response.status_code == 200


def test_the_access_log_offers_only_people_the_coordinator_may_see(client, world):
    client.force_login(world.coordinator)
    page = client.get("/audit/access-log/").content.decode()
    assert "peer-zuid-1" not in page
