"""A member's time in the team on the coordinator's pages: the privacy instruction, leaving
with where they went, turnover per year, and the open cases of who leaves."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from outreach.models import LeavingReason, TeamMembership
from outreach.querysets import households_visible_to
from outreach.services.memberships import membership_end
from tests.factories import AssignmentFactory, UserFactory, plan_with_steps


def test_recording_the_instruction_on_the_member_page_opens_the_cases(client, world):
    # Given a new peer on a case, not yet instructed
    peer = UserFactory(username="nieuw")
    membership = TeamMembership.objects.create(user=peer, team=world.household.team)
    world.household.assignments.update(ended_at=timezone.now())
    AssignmentFactory(household=world.household, lead=peer)
    assert not households_visible_to(peer).exists()
    # When the coordinator records the instruction on the member's page
    client.force_login(world.coordinator)
    page = client.get(reverse("coordinator:team"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "no privacy instruction yet" in page
    response = client.post(
        reverse("coordinator:membership", args=[membership.pk]),
        {"action": "instruction", "instruction-on": timezone.localdate().isoformat()},
    )
    # Then the peer sees their case
    assert response.status_code == 302
    assert list(households_visible_to(peer)) == [world.household]


def test_a_leaving_member_with_open_cases_is_pointed_to_moving_them(client, world):
    # Given the lead peer of an open case
    membership = TeamMembership.objects.get(user=world.peer)
    client.force_login(world.coordinator)
    # When the coordinator records that they left for paid work
    response = client.post(
        reverse("coordinator:membership", args=[membership.pk]),
        {"action": "end", "end-ended_on": timezone.localdate().isoformat(),
         "end-left_for": "paid_work", "end-note": "Baan bij de gemeente"},
    )  # fmt: skip
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.left_for == LeavingReason.PAID_WORK and membership.ended_on
    # Then the member's page counts the open case and links to moving it
    page = client.get(
        reverse("coordinator:membership", args=[membership.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "1 open case is still with this member." in page
    assert f"{reverse('coordinator:caseload')}?peer={world.peer.pk}" in page


def test_the_team_page_shows_turnover_per_year(client, world):
    # Given a member who joined in 2024 and left for paid work in 2025
    membership = TeamMembership.objects.create(
        user=UserFactory(), team=world.household.team, started_on=date(2024, 2, 1),
        privacy_instruction_on=date(2024, 2, 1),
    )  # fmt: skip
    membership_end(
        membership=membership,
        ended_on=date(2025, 6, 30),
        left_for=LeavingReason.PAID_WORK,
        ended_by=world.coordinator,
    )
    # When the coordinator opens the team page
    client.force_login(world.coordinator)
    response = client.get(reverse("coordinator:team"), HTTP_ACCEPT_LANGUAGE="en")
    # Then the turnover rows say who joined and who left for paid work, per year
    turnover = {row.year: row for row in response.context["turnover"]}
    assert turnover[2024].joined == 1
    assert (turnover[2025].left, turnover[2025].left_for_paid_work) == (1, 1)
    assert "Left for paid work" in response.content.decode()


def test_leaving_needs_a_reason_and_cannot_precede_the_start(world):
    membership = TeamMembership.objects.get(user=world.peer)
    with pytest.raises(ValidationError) as refused:
        membership_end(
            membership=membership, ended_on=timezone.localdate(), left_for="",
            ended_by=world.coordinator,
        )  # fmt: skip
    assert refused.value.error_dict["left_for"][0].code == "required"
    with pytest.raises(ValidationError) as refused:
        membership_end(
            membership=membership,
            ended_on=membership.started_on - timedelta(days=1),
            left_for=LeavingReason.MOVED,
            ended_by=world.coordinator,
        )
    assert refused.value.error_dict["ended_on"][0].code == "before_start"


def test_a_peer_proposes_a_candidate_from_the_household_page(client, world):
    # Given the peer's household went up the ladder
    plan_with_steps(world.household, [2, 4])
    client.force_login(world.peer)
    page = client.get(
        reverse("peer:household", args=[world.household.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert reverse("peer:propose_candidate", args=[world.household.pk]) in page
    # When they note someone with the household's consent
    response = client.post(
        reverse("peer:propose_candidate", args=[world.household.pk]),
        {"name": "Anja", "agreed": "on", "consent_method": "verbal"},
    )
    # Then the coordinator finds the candidate in the list
    assert response.status_code == 302
    client.force_login(world.coordinator)
    listed = client.get(reverse("coordinator:candidates")).content.decode()
    assert "Anja" in listed
