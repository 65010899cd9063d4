"""Finding a case: a coordinator searches their own teams by reference, name, street or
postcode and opens the case page from the result."""

import pytest
from django.utils import timezone

from audit.models import AccessAction, AccessLog
from outreach.models import Assignment, Household
from outreach.workflow import HouseholdStatus
from tests.factories import (
    AssignmentFactory,
    HouseholdFactory,
    ProvisionCheckFactory,
    ProvisionFactory,
    WishFactory,
)

SEARCH = "/coordinator/search/"


@pytest.fixture
def jansen(world) -> Household:
    return HouseholdFactory(
        team=world.household.team,
        contact_name="Fatima Jansen",
        street="Kade",
        postcode="4702 CD",
    )


@pytest.mark.parametrize("query", ["jansen", "Fatima Jansen", "kade", "4702CD", "4702 cd"])
def test_coordinator_finds_a_household_of_the_team_and_opens_its_case(client, world, jansen, query):
    client.force_login(world.coordinator)
    page = client.get(SEARCH, {"q": query}).content.decode()
    case_link = f'href="/households/{jansen.pk}/"'
    assert case_link in page
    assert client.get(f"/households/{jansen.pk}/").status_code == 200


def test_search_by_reference(client, world, jansen):
    client.force_login(world.coordinator)
    page = client.get(SEARCH, {"q": jansen.reference.lower()}).content.decode()
    assert jansen.reference in page


def test_household_of_another_team_is_not_found(client, world):
    # Given a household of team Zuid, found by its coordinator
    zuid_name = world.other_household.contact_name
    client.force_login(world.other_coordinator)
    assert world.other_household.reference in client.get(SEARCH, {"q": zuid_name}).content.decode()
    # When the coordinator of Noord searches for it
    client.force_login(world.coordinator)
    page = client.get(SEARCH, {"q": zuid_name}).content.decode()
    # Then it is not there, and the page says nothing matched
    assert world.other_household.reference not in page
    assert "Geen huishouden van uw team" in page


@pytest.mark.parametrize("role", ["peer", "municipality_user"])
def test_search_is_for_coordinators_only(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(SEARCH, {"q": "a"}).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(SEARCH, {"q": "a"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_search_is_logged_without_its_words(client, world, jansen):
    client.force_login(world.coordinator)
    client.get(SEARCH, {"q": "Jansen"})
    entry = AccessLog.objects.get(user=world.coordinator, action=AccessAction.VIEW_LIST)
    assert "Jansen" not in entry.detail


def test_empty_search_shows_the_form_only(client, world):
    client.force_login(world.coordinator)
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert not AccessLog.objects.filter(action=AccessAction.VIEW_LIST).exists()


@pytest.mark.parametrize("extra", [1, 30])
def test_search_costs_the_same_queries_for_few_and_many_results(
    client, world, django_assert_max_num_queries, extra
):
    HouseholdFactory.create_batch(extra, team=world.household.team, contact_name="Bakker")
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(14):
        page = client.get(SEARCH, {"q": "bakker"}).content.decode()
    assert page.count('href="/households/') == extra


def test_coordinator_lists_link_to_the_case_page(client, world):
    client.force_login(world.coordinator)
    case_link = f'href="/households/{world.household.pk}/"'
    # An assigned case is on the workload board
    assert case_link in client.get("/coordinator/workload/").content.decode()
    # Waiting for a peer, it is in the intake queue
    Assignment.objects.filter(household=world.household).delete()
    Household.objects.filter(pk=world.household.pk).update(status=HouseholdStatus.NEW)
    assert case_link in client.get("/coordinator/intake/").content.decode()
    # Closed, it is among the closed cases
    Household.objects.filter(pk=world.household.pk).update(
        status=HouseholdStatus.CLOSED, closed_at=timezone.now()
    )
    assert case_link in client.get("/coordinator/closed/").content.decode()


def test_assign_page_shows_what_the_household_needs(client, world):
    # Given a household with an open wish, a provision whose non-use was found, and a visit
    wish = WishFactory(household=world.household, description="Zwemles voor Sam")
    check = ProvisionCheckFactory(
        household=world.household,
        provision=ProvisionFactory(name="Kwijtschelding"),
        outcome="application_in_progress",
    )
    done = ProvisionCheckFactory(
        household=world.household, provision=ProvisionFactory(name="Huurtoeslag"), outcome="granted"
    )
    client.force_login(world.coordinator)
    # When the coordinator opens the assign page
    page = client.get(f"/coordinator/households/{world.household.pk}/assign/").content.decode()
    # Then the wish, the open check and the last visit are shown, with a link to the case
    assert wish.description in page
    assert check.provision.name in page
    assert done.provision.name not in page
    assert "Laatste bezoek:" in page
    assert f'href="/households/{world.household.pk}/"' in page


@pytest.mark.parametrize("extra", [1, 20])
def test_assign_page_costs_the_same_queries_for_a_small_and_a_large_case(
    client, world, django_assert_max_num_queries, extra
):
    WishFactory.create_batch(extra, household=world.household)
    ProvisionCheckFactory.create_batch(extra, household=world.household, outcome="non_use_found")
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(30):
        response = client.get(f"/coordinator/households/{world.household.pk}/assign/")
    assert response.status_code == 200


def test_bulk_move_lists_cases_by_name_and_says_what_happened_to_the_buddies(client, world):
    # Given peer-noord-1 leads two cases: one with a buddy, one with peer-noord-3 as buddy
    second = HouseholdFactory(team=world.household.team, contact_name="Piet Smit", street="Dam")
    AssignmentFactory(household=second, lead=world.peer, buddy=world.other_peer)
    client.force_login(world.coordinator)
    # When the coordinator lists peer-noord-1's cases
    page = client.get("/coordinator/caseload/", {"peer": world.peer.pk}).content.decode()
    # Then each case shows its name, street and last visit, not only its reference
    assert f"{second.reference} · Piet Smit · Dam · nog niet bezocht" in page
    # When both move to peer-noord-3, keeping buddies
    response = client.post(
        f"/coordinator/caseload/?peer={world.peer.pk}",
        {
            "action": "reassign",
            "peer": world.peer.pk,
            "bulk-households": [world.household.pk, second.pk],
            "bulk-lead": world.other_peer.pk,
            "bulk-reason": "Verlof",
            "bulk-keep_buddy": "on",
        },
        follow=True,
    )
    # Then the message counts what moved and names the case that lost its buddy
    text = response.content.decode()
    assert "2 huishoudens gaan nu naar" in text
    assert "1 houdt het eigen maatje" in text
    assert f"1 huishouden heeft geen maatje meer: {second.reference}" in text
