"""Every coordinator page for every role: who may open it, and what they get."""

import pytest
from django.urls import reverse

from outreach.models import Assignment
from tests.factories import HouseholdFactory

PAGE_ROLES = ["anonymous", "peer", "other_peer", "coordinator", "other_coordinator",
              "municipality_user", "admin"]  # fmt: skip
TEAM_PAGE = dict(anonymous=302, peer=403, other_peer=403, coordinator=200,
                 other_coordinator=200, municipality_user=403, admin=200)  # fmt: skip
CASE_PAGE = {**TEAM_PAGE, "other_coordinator": 404}

PAGES = [
    ("overview", lambda w: reverse("home"), None),
    ("intake", lambda w: reverse("coordinator:intake"), TEAM_PAGE),
    ("assign", lambda w: reverse("coordinator:assign", args=[w.household.pk]), CASE_PAGE),
    ("workload", lambda w: reverse("coordinator:workload"), TEAM_PAGE),
    ("overdue", lambda w: reverse("coordinator:overdue"), TEAM_PAGE),
    ("caseload", lambda w: reverse("coordinator:caseload"), TEAM_PAGE),
]


@pytest.mark.parametrize("role", PAGE_ROLES)
@pytest.mark.parametrize(("name", "url", "expected"), [p for p in PAGES if p[2]],
                         ids=[p[0] for p in PAGES if p[2]])  # fmt: skip
def test_each_coordinator_page_answers_each_role_as_designed(client, world, role, name, url,
                                                             expected):  # fmt: skip
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(url(world))
    assert response.status_code == expected[role]


def test_coordinator_lands_on_what_needs_attention(client, world):
    HouseholdFactory(team=world.household.team, status="new")
    client.force_login(world.coordinator)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "households waiting for a peer" in page
    assert reverse("coordinator:intake") in page


def test_assigning_from_the_intake_page(client, world):
    # Given a waiting household
    household = HouseholdFactory(team=world.household.team, status="new")
    client.force_login(world.coordinator)
    intake = client.get(reverse("coordinator:intake")).content.decode()
    assert household.reference in intake
    page = client.get(reverse("coordinator:assign", args=[household.pk])).content.decode()
    assert "peer-noord-3" in page
    # When the coordinator assigns a lead and buddy with a reason
    response = client.post(
        reverse("coordinator:assign", args=[household.pk]),
        {
            "assign-lead": world.other_peer.pk,
            "assign-buddy": world.peer.pk,
            "assign-reason": "Dichtbij",
        },
    )
    # Then the case is assigned and leaves the queue
    assert response.status_code == 302
    current = Assignment.objects.current().get(household=household)
    assert (current.lead, current.buddy, current.reason) == (
        world.other_peer,
        world.peer,
        "Dichtbij",
    )
    queue = client.get(reverse("coordinator:intake")).content.decode()
    assert reverse("coordinator:assign", args=[household.pk]) not in queue


def test_the_assign_page_refuses_a_declined_peer_and_says_why(client, world):
    household = HouseholdFactory(team=world.household.team, status="new")
    client.force_login(world.coordinator)
    url = reverse("coordinator:assign", args=[household.pk])
    client.post(url, {"decline-peer": world.other_peer.pk, "decline-reason": "buurman"})
    response = client.post(url, {"assign-lead": world.other_peer.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "does not want" in response.content.decode()
    assert not Assignment.objects.filter(household=household).exists()


def test_handing_over_a_caseload_on_the_page(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("coordinator:caseload"),
        {"action": "hand_over", "handover-from_peer": world.peer.pk,
         "handover-to_peer": world.other_peer.pk, "handover-reason": "Stopt"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Assignment.objects.current().get(household=world.household).lead == world.other_peer


def test_moving_chosen_cases_on_the_page(client, world):
    client.force_login(world.coordinator)
    url = reverse("coordinator:caseload")
    page = client.get(url, {"peer": world.peer.pk}).content.decode()
    assert world.household.reference in page
    response = client.post(
        url,
        {"action": "reassign", "peer": world.peer.pk, "bulk-households": [world.household.pk],
         "bulk-lead": world.other_peer.pk, "bulk-reason": "Verlof", "bulk-keep_buddy": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    current = Assignment.objects.current().get(household=world.household)
    assert (current.lead, current.buddy) == (world.other_peer, world.buddy)
