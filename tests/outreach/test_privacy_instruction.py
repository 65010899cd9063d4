"""A new team member sees case records only once the coordinator has recorded their privacy
instruction: before, every list is empty and every case a 404, on the pages and the API."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outreach.models import Role, Signal, SignalTheme, TeamMembership
from outreach.services.memberships import privacy_instruction_record
from tests.factories import AssignmentFactory, UserFactory
from tests.helpers import client_for


def new_member(world, role=Role.PEER):
    """A member who joined the team today, not yet instructed; a new peer leads the
    household of the world (which its former lead handed over)."""
    user = UserFactory(username=f"new-{role}", role=role)
    TeamMembership.objects.create(user=user, team=world.household.team)
    if role == Role.PEER:
        world.household.assignments.update(ended_at=timezone.now())
        AssignmentFactory(household=world.household, lead=user)
    return user


def test_a_peer_without_the_privacy_instruction_sees_no_household(world):
    # Given a new peer on the case, not yet instructed
    peer = new_member(world)
    api = client_for(peer)
    page = Client()
    page.force_login(peer)
    # When they look at their households on the API and the phone pages
    listed = api.get("/api/v1/households/")
    detail = api.get(f"/api/v1/households/{world.household.pk}/")
    household_page = page.get(reverse("peer:household", args=[world.household.pk]))
    today = page.get("/")
    # Then there are none, the case does not exist for them, and Today says why
    assert listed.status_code == 200 and listed.json()["results"] == []
    assert detail.status_code == 404
    assert household_page.status_code == 404
    assert world.household.reference not in today.content.decode()
    assert "Je kunt nog geen huishoudens zien: eerst de privacy-instructie" in (
        today.content.decode()
    )


def test_the_peer_sees_their_households_once_the_instruction_is_recorded(world):
    # Given a new peer not yet instructed
    peer = new_member(world)
    membership = TeamMembership.objects.get(user=peer)
    # When the coordinator records the instruction, given today
    privacy_instruction_record(
        membership=membership, on=timezone.localdate(), recorded_by=world.coordinator
    )
    # Then the peer sees the household, and Today no longer holds the message
    api = client_for(peer)
    assert api.get(f"/api/v1/households/{world.household.pk}/").status_code == 200
    page = Client()
    page.force_login(peer)
    today = page.get("/").content.decode()
    assert world.household.reference in today
    assert "privacy-instructie" not in today


def test_a_new_member_cannot_register_a_household_before_the_instruction(world):
    # Given a new peer not yet instructed
    peer = new_member(world)
    # When they try to register a household for the team through the API
    response = client_for(peer).post(
        "/api/v1/households/",
        {"team": world.household.team_id, "contact_name": "Fam. Nieuw"},
        format="json",
    )
    # Then it is refused: the team is not theirs to work for yet
    assert response.status_code in (400, 403)


def test_a_coordinator_without_the_instruction_sees_no_case_of_the_team(world):
    # Given a new coordinator of the team, not yet instructed
    coordinator = new_member(world, role=Role.COORDINATOR)
    # When they open a case of the team
    response = client_for(coordinator).get(f"/api/v1/households/{world.household.pk}/")
    # Then it does not exist for them
    assert response.status_code == 404


def test_the_instruction_cannot_be_dated_in_the_future(world):
    peer = new_member(world)
    membership = TeamMembership.objects.get(user=peer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        privacy_instruction_record(
            membership=membership, on=tomorrow, recorded_by=world.coordinator
        )
    assert refused.value.error_dict["on"][0].code == "future"


def test_existing_memberships_are_instructed_by_the_migration(world):
    # Given the memberships made before the instruction gated case records (the factories
    # make them as the data migration left them)
    # Then every one of them is instructed, so existing members keep their cases
    assert not TeamMembership.objects.filter(privacy_instruction_on__isnull=True).exists()


def test_before_the_instruction_no_team_record_shows_on_the_api(world):
    # Given a new peer not yet instructed, and a signal of their team that colleagues see
    Signal.objects.create(
        team=world.household.team,
        theme=SignalTheme.objects.get(name="Schulden"),
        neighbourhood_code="BU16740101",
        neighbourhood_year=2025,
        description="Veel gezinnen krijgen de energierekening niet betaald.",
        households_concerned=4,
    )
    assert client_for(world.other_peer).get("/api/v1/signals/").json()["results"]
    api = client_for(new_member(world))
    # When they read the team's signals, activities and participants
    for url in ("/api/v1/signals/", "/api/v1/activities/", "/api/v1/participants/"):
        response = api.get(url)
        # Then there are none: every scope starts from the instructed memberships
        assert response.status_code == 200 and response.json()["results"] == [], url
