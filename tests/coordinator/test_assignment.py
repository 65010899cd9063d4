"""Intake and assignment: declined peers, suggestions, bulk reassignment and hand-over."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from audit.retention import household_erase
from outreach.models import Assignment, Household, PeerDecline
from outreach.selectors.coordinator import intake_queue, peer_suggestions, waiting_days
from outreach.services.assignments import case_assign
from outreach.services.caseload import caseload_hand_over, cases_bulk_reassign
from outreach.services.declines import peer_decline_record
from tests.factories import AssignmentFactory, HouseholdFactory, UserFactory
from tests.helpers import client_for


def waiting_case(world, days_ago=0, **fields):
    household = HouseholdFactory(team=world.household.team, status="new", **fields)
    Household.objects.filter(pk=household.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    household.refresh_from_db()
    return household


def test_intake_queue_lists_unassigned_cases_of_the_team_oldest_first(world):
    # Given two waiting cases of Noord, one of Zuid, and Noord's assigned case
    newer = waiting_case(world, days_ago=2)
    older = waiting_case(world, days_ago=9)
    HouseholdFactory(team=world.other_household.team, status="new")
    # When the coordinator of Noord opens the intake queue
    queue = list(intake_queue(user=world.coordinator))
    # Then only Noord's unassigned cases show, the longest waiting first
    assert queue == [older, newer]
    assert waiting_days(older) == 9


def test_a_declined_peer_can_never_be_assigned_and_the_coordinator_is_told_why(world, api):
    # Given a waiting household that declined peer-noord-3 (a neighbour)
    household = waiting_case(world)
    peer_decline_record(
        household=household, peer=world.other_peer, reason="buurman", recorded_by=world.coordinator
    )
    # When the coordinator tries to assign that peer, as lead or as buddy
    as_lead = api(world.coordinator).post(
        f"/api/v1/households/{household.pk}/assign/",
        {"lead": world.other_peer.pk, "reason": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    as_buddy = api(world.coordinator).post(
        f"/api/v1/households/{household.pk}/assign/",
        {"lead": world.peer.pk, "buddy": world.other_peer.pk, "reason": "x"},
        format="json",
    )
    # Then both are refused with the reason, and nothing is assigned
    assert as_lead.status_code == 400
    assert "does not want" in as_lead.json()["lead"][0] and "buurman" in as_lead.json()["lead"][0]
    assert as_buddy.status_code == 400 and "buddy" in as_buddy.json()
    assert not Assignment.objects.filter(household=household).exists()


def test_a_peer_on_the_case_cannot_be_declined_before_someone_else_is_assigned(world):
    with translation.override("en"), pytest.raises(ValidationError, match="Assign someone else"):
        peer_decline_record(
            household=world.household, peer=world.peer, reason="", recorded_by=world.coordinator
        )


def test_suggestions_put_peers_nearby_first_then_the_least_busy_and_never_a_declined_one(world):
    # Given a waiting household in BU16740202, and peers: one with cases in that very
    # neighbourhood, one with no cases at all, and one the household declined
    team = world.household.team
    nearby, idle, declined = (UserFactory(team=team) for _ in range(3))
    for _ in range(3):
        AssignmentFactory(
            household=HouseholdFactory(team=team, neighbourhood_code="BU16740202"), lead=nearby
        )
    AssignmentFactory(household=HouseholdFactory(team=team), lead=declined)
    household = waiting_case(world, neighbourhood_code="BU16740202")
    PeerDecline.objects.create(household=household, peer=declined, reason="familie")
    # When the coordinator asks for suggestions
    suggestions = peer_suggestions(household=household, limit=10)
    # Then the nearby peer comes first, the idle one before the busier ones further away,
    # and the declined peer is not suggested but listed apart with the reason
    peers = [s.peer for s in suggestions.suggested]
    assert peers[0] == nearby and suggestions.suggested[0].cases_in_neighbourhood == 3
    assert peers.index(idle) < peers.index(world.peer)
    assert declined not in peers
    assert [(d.peer, d.reason) for d in suggestions.declined] == [(declined, "familie")]


def test_suggestions_in_the_api(world, api):
    household = waiting_case(world)
    response = api(world.coordinator).get(f"/api/v1/coordinator/intake/{household.pk}/suggestions/")
    assert response.status_code == 200
    usernames = {row["peer"]["username"] for row in response.json()["suggested"]}
    assert usernames == {"peer-noord-1", "peer-noord-2", "peer-noord-3"}


def test_suggestions_in_the_api_list_every_assignable_peer_but_never_a_declined_one(world, api):
    # Given a waiting household that declined peer-noord-3
    household = waiting_case(world)
    peer_decline_record(
        household=household, peer=world.other_peer, reason="buurman", recorded_by=world.coordinator
    )
    # When the coordinator asks the API whom they can choose
    response = api(world.coordinator).get(f"/api/v1/coordinator/intake/{household.pk}/suggestions/")
    body = response.json()
    # Then the choices hold the two other peers (not the coordinator, not the declined peer),
    # and the declined peer is listed apart with the reason
    assert {peer["username"] for peer in body["assignable"]} == {"peer-noord-1", "peer-noord-2"}
    assert {row["peer"]["username"] for row in body["suggested"]} == {
        "peer-noord-1",
        "peer-noord-2",
    }
    assert [(d["peer"]["username"], d["reason"]) for d in body["declined"]] == [
        ("peer-noord-3", "buurman")
    ]


def test_a_coordinator_cannot_be_assigned_as_lead_or_buddy(world, api):
    # Given a waiting household of Noord
    household = waiting_case(world)
    # When coord-noord assigns herself as lead, or as buddy, through the API
    as_lead = api(world.coordinator).post(
        f"/api/v1/households/{household.pk}/assign/",
        {"lead": world.coordinator.pk, "reason": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    as_buddy = api(world.coordinator).post(
        f"/api/v1/households/{household.pk}/assign/",
        {"lead": world.peer.pk, "buddy": world.coordinator.pk, "reason": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    # Then both are refused with a clear reason and nothing is assigned
    assert as_lead.status_code == 400
    assert "not a peer" in as_lead.json()["lead"][0]
    assert as_buddy.status_code == 400 and "not a peer" in as_buddy.json()["buddy"][0]
    assert not Assignment.objects.filter(household=household).exists()


def test_cases_cannot_be_moved_to_a_coordinator(world):
    # When the coordinator hands over or moves cases to herself
    with translation.override("en"), pytest.raises(ValidationError, match="not a peer"):
        caseload_hand_over(
            team=world.household.team,
            from_peer=world.peer,
            to_peer=world.coordinator,
            reason="Stopt",
            handed_over_by=world.coordinator,
        )
    with translation.override("en"), pytest.raises(ValidationError, match="not a peer"):
        cases_bulk_reassign(
            households=[world.household],
            lead=world.coordinator,
            reason="Verlof",
            assigned_by=world.coordinator,
        )
    # Then the case stays with its peer
    assert Assignment.objects.current().get(household=world.household).lead == world.peer


def test_bulk_reassign_moves_every_chosen_case_with_reason_and_who(world):
    # Given three cases led by peer-noord-1
    team = world.household.team
    others = [HouseholdFactory(team=team) for _ in range(2)]
    for household in others:
        AssignmentFactory(household=household, lead=world.peer)
    chosen = [world.household, *others]
    # When the coordinator moves them all to peer-noord-3
    moved = cases_bulk_reassign(
        households=chosen, lead=world.other_peer, reason="Verlof", assigned_by=world.coordinator
    )
    # Then all three are led by the new peer, each keeps its buddy, the old rows are ended
    assert moved.moved == 3
    current = Assignment.objects.current().filter(household__in=chosen)
    assert {a.lead for a in current} == {world.other_peer}
    assert current.get(household=world.household).buddy == world.buddy
    assert {(a.reason, a.assigned_by) for a in current} == {("Verlof", world.coordinator)}
    assert Assignment.objects.filter(household__in=chosen, ended_by=world.coordinator).count() == 3


@pytest.mark.parametrize("cases", [3, 30])
def test_bulk_reassign_costs_the_same_queries_for_3_or_30_cases(
    world, cases, django_assert_max_num_queries
):
    # Given a peer with many cases, some with a buddy and one still new
    team = world.household.team
    households = [HouseholdFactory(team=team) for _ in range(cases)]
    for index, household in enumerate(households):
        AssignmentFactory(
            household=household, lead=world.peer, buddy=world.buddy if index % 2 else None
        )
    # When the coordinator moves all of them at once, the query count is fixed
    with django_assert_max_num_queries(10):
        moved = cases_bulk_reassign(
            households=households,
            lead=world.other_peer,
            reason="Verlof",
            assigned_by=world.coordinator,
        )
    # Then every case moved
    assert moved.moved == cases
    assert (
        Assignment.objects.current().filter(household__in=households, lead=world.other_peer).count()
        == cases
    )


def test_a_case_named_twice_in_a_bulk_reassign_moves_once(world):
    moved = cases_bulk_reassign(
        households=[world.household, world.household],
        lead=world.other_peer,
        reason="Verlof",
        assigned_by=world.coordinator,
    )
    assert moved.moved == 1
    assert Assignment.objects.current().get(household=world.household).lead == world.other_peer


def test_bulk_reassign_is_all_or_nothing(world):
    # Given two cases, one of which declined the new peer
    team = world.household.team
    household = HouseholdFactory(team=team)
    AssignmentFactory(household=household, lead=world.peer)
    PeerDecline.objects.create(household=household, peer=world.other_peer)
    # When the coordinator moves both to that peer
    with pytest.raises(ValidationError) as error:
        cases_bulk_reassign(
            households=[world.household, household],
            lead=world.other_peer,
            reason="Verlof",
            assigned_by=world.coordinator,
        )
    # Then the error names the household, and neither case moved
    assert household.reference in str(error.value)
    zuid_lead = world.other_household.assignments.get().lead
    assert {a.lead for a in Assignment.objects.current()} == {world.peer, zuid_lead}


def test_hand_over_moves_lead_and_buddy_roles_in_one_step(world, api):
    # Given peer-noord-2 is buddy on one case and leads another
    team = world.household.team
    led = HouseholdFactory(team=team)
    AssignmentFactory(household=led, lead=world.buddy, buddy=world.peer)
    # When the coordinator hands over peer-noord-2's caseload to peer-noord-3
    response = api(world.coordinator).post(
        "/api/v1/coordinator/caseload/hand-over/",
        {"from_peer": world.buddy.pk, "to_peer": world.other_peer.pk, "reason": "Stopt"},
        format="json",
    )
    # Then both cases moved: the new peer leads where they led, and is buddy where they were
    assert response.status_code == 200
    assert response.json() == {
        "moved": 2,
        "now_lead": [led.reference],
        "now_buddy": [world.household.reference],
        "without_buddy": [],
    }
    on_led = Assignment.objects.current().get(household=led)
    on_buddy = Assignment.objects.current().get(household=world.household)
    assert (on_led.lead, on_led.buddy) == (world.other_peer, world.peer)
    assert (on_buddy.lead, on_buddy.buddy) == (world.peer, world.other_peer)
    assert not Assignment.objects.current().filter(buddy=world.buddy).exists()


def test_hand_over_to_the_lead_of_a_case_drops_the_buddy_role_and_says_so(world):
    # Given peer-noord-2 is buddy where peer-noord-1 leads, and leads a case where
    # peer-noord-1 is the buddy
    led = HouseholdFactory(team=world.household.team)
    AssignmentFactory(household=led, lead=world.buddy, buddy=world.peer)
    # When peer-noord-2's caseload goes to peer-noord-1
    result = caseload_hand_over(
        team=world.household.team,
        from_peer=world.buddy,
        to_peer=world.peer,
        reason="Stopt",
        handed_over_by=world.coordinator,
    )
    # Then peer-noord-1 leads both, neither has a buddy, and the result names both cases
    for household in (world.household, led):
        current = Assignment.objects.current().get(household=household)
        assert (current.lead, current.buddy) == (world.peer, None)
    assert result.moved == 2 and result.now_lead == [led.reference]
    assert sorted(result.without_buddy) == sorted([world.household.reference, led.reference])


def test_hand_over_refuses_a_peer_of_another_team(world):
    zuid_peer = world.other_household.assignments.get().lead
    with translation.override("en"), pytest.raises(ValidationError, match="not a current member"):
        caseload_hand_over(
            team=world.household.team,
            from_peer=world.peer,
            to_peer=zuid_peer,
            reason="Stopt",
            handed_over_by=world.coordinator,
        )
    assert Assignment.objects.current().get(household=world.household).lead == world.peer


def test_closed_case_cannot_be_assigned(world):
    Household.objects.filter(pk=world.household.pk).update(status="closed")
    with translation.override("en"), pytest.raises(ValidationError, match="closed"):
        case_assign(
            household=world.household,
            lead=world.other_peer,
            buddy=None,
            reason="",
            assigned_by=world.coordinator,
        )


def test_erasing_a_household_erases_its_declines_and_their_history(world):
    decline = peer_decline_record(
        household=world.household,
        peer=world.other_peer,
        reason="buurman",
        recorded_by=world.coordinator,
    )
    household_erase(household=world.household, erased_by=world.coordinator, reason="verzoek")
    assert not PeerDecline.objects.exists()
    assert not PeerDecline.history.filter(id=decline.pk).exists()


def test_lifting_a_decline_is_kept_in_the_history(world):
    decline = peer_decline_record(
        household=world.household, peer=world.other_peer, reason="", recorded_by=world.coordinator
    )
    response = client_for(world.coordinator).delete(f"/api/v1/declines/{decline.pk}/")
    assert response.status_code == 204
    latest = PeerDecline.history.filter(id=decline.pk).order_by("-history_date").first()
    assert latest.history_type == "-" and latest.history_change_reason == "lifted"
