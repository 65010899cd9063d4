"""From household to peer: a household whose participation went up is noted as a candidate
with its consent, the coordinator records each step, and the candidate is erased with the
household unless they became a member."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.retention import household_erase
from outreach.models import CandidateStatus, PeerCandidate, Role, TeamMembership
from outreach.querysets import households_visible_to
from outreach.services.candidates import candidate_propose, candidate_step
from tests.factories import HouseholdFactory, plan_with_steps


def more_active_household(world):
    household = HouseholdFactory(team=world.household.team)
    plan_with_steps(household, [2, 4])
    return household


def propose(world, household=None, **options):
    return candidate_propose(
        household=household or more_active_household(world),
        name=options.pop("name", "Anja"),
        consent_method="verbal",
        proposed_by=world.peer,
        **options,
    )


def error_code(refused, field):
    return refused.value.error_dict[field][0].code


def test_a_household_whose_participation_went_up_can_be_proposed_with_its_consent(world):
    # When the peer notes someone of a household that went up the ladder
    candidate = propose(world, phone="06 12345678")
    # Then the candidate is recorded with how and when the household agreed to be asked
    assert candidate.status == CandidateStatus.PROPOSED
    assert candidate.team == world.household.team
    assert candidate.consent_method == "verbal" and candidate.consent_given_at is not None
    assert candidate.phone == "+31612345678"


def test_a_household_that_did_not_become_more_active_cannot_be_proposed(world):
    # Given a household that stayed on the same rung
    household = HouseholdFactory(team=world.household.team)
    plan_with_steps(household, [3, 3])
    # When it is proposed, then it is refused
    with pytest.raises(ValidationError) as refused:
        propose(world, household=household)
    assert error_code(refused, "household") == "not_more_active"


def test_the_coordinators_word_at_closing_counts_over_the_ladder(world):
    # Given a household whose rung did not go up but the coordinator said it became more active
    household = HouseholdFactory(team=world.household.team, became_more_active=True)
    plan_with_steps(household, [3, 3])
    # Then it can be proposed
    assert propose(world, household=household).pk


def test_one_open_candidacy_per_household(world):
    household = more_active_household(world)
    propose(world, household=household)
    with pytest.raises(ValidationError) as refused:
        propose(world, household=household, name="Piet")
    assert error_code(refused, "household") == "duplicate"


def walk_to_buddy_visit(world, candidate):
    today = timezone.localdate()
    for status in (CandidateStatus.INTRODUCTION_TALK, CandidateStatus.TRAINING):
        candidate = candidate_step(
            candidate=candidate, status=status, on=today, recorded_by=world.coordinator
        )
    return candidate_step(
        candidate=candidate,
        status=CandidateStatus.BUDDY_VISIT,
        on=today,
        buddy=world.buddy,
        recorded_by=world.coordinator,
    )


def test_the_coordinator_follows_the_candidate_to_membership(world):
    # Given a candidate who had the talk, the training and a first visit with a buddy
    candidate = walk_to_buddy_visit(world, propose(world))
    assert candidate.buddy == world.buddy and candidate.buddy_visit_on == timezone.localdate()
    # When the coordinator makes them a member
    candidate = candidate_step(
        candidate=candidate,
        status=CandidateStatus.MEMBER,
        on=timezone.localdate(),
        username="anja",
        recorded_by=world.coordinator,
    )
    # Then a peer account and a membership of the team exist, linked to the candidate,
    # without the privacy instruction: the new member sees no case yet
    assert candidate.user.username == "anja" and candidate.user.role == Role.PEER
    membership = TeamMembership.objects.get(user=candidate.user)
    assert membership.team == world.household.team
    assert membership.privacy_instruction_on is None
    assert not households_visible_to(candidate.user).exists()


def test_steps_cannot_be_skipped(world):
    candidate = propose(world)
    with pytest.raises(ValidationError) as refused:
        candidate_step(
            candidate=candidate,
            status=CandidateStatus.TRAINING,
            on=timezone.localdate(),
            recorded_by=world.coordinator,
        )
    assert error_code(refused, "status") == "transition"


def test_the_buddy_must_be_a_peer_of_the_team(world):
    candidate = propose(world)
    for status in (CandidateStatus.INTRODUCTION_TALK, CandidateStatus.TRAINING):
        candidate = candidate_step(
            candidate=candidate,
            status=status,
            on=timezone.localdate() - timedelta(days=1),
            recorded_by=world.coordinator,
        )
    with pytest.raises(ValidationError) as refused:
        candidate_step(
            candidate=candidate,
            status=CandidateStatus.BUDDY_VISIT,
            on=timezone.localdate(),
            buddy=world.other_coordinator,
            recorded_by=world.coordinator,
        )
    assert error_code(refused, "buddy") == "not_peer"


def test_stopping_needs_a_reason(world):
    candidate = propose(world)
    with pytest.raises(ValidationError) as refused:
        candidate_step(
            candidate=candidate,
            status=CandidateStatus.STOPPED,
            on=timezone.localdate(),
            recorded_by=world.coordinator,
        )
    assert error_code(refused, "reason") == "required"
    stopped = candidate_step(
        candidate=candidate,
        status=CandidateStatus.STOPPED,
        on=timezone.localdate(),
        reason="Geen tijd door werk",
        recorded_by=world.coordinator,
    )
    assert stopped.status == CandidateStatus.STOPPED and stopped.stopped_on


def test_a_candidate_is_erased_with_the_household(world):
    # Given a candidate of a household, with a history of steps
    candidate = propose(world)
    candidate_step(
        candidate=candidate,
        status=CandidateStatus.INTRODUCTION_TALK,
        on=timezone.localdate(),
        recorded_by=world.coordinator,
    )
    # When the household is erased
    household_erase(household=candidate.household, erased_by=world.coordinator, reason="test")
    # Then nothing of the candidate is left, history included
    assert not PeerCandidate.objects.filter(pk=candidate.pk).exists()
    assert not PeerCandidate.history.filter(id=candidate.pk).exists()


def test_a_candidate_who_became_a_member_stays_when_the_household_is_erased(world):
    # Given a candidate who became a member
    candidate = walk_to_buddy_visit(world, propose(world))
    candidate = candidate_step(
        candidate=candidate,
        status=CandidateStatus.MEMBER,
        on=timezone.localdate(),
        username="anja",
        recorded_by=world.coordinator,
    )
    household = candidate.household
    # When their former household is erased
    household_erase(household=household, erased_by=world.coordinator, reason="test")
    # Then the member's candidacy stays, no longer linked to the household
    candidate.refresh_from_db()
    assert candidate.household is None and candidate.user.username == "anja"
