from outreach.models import Assignment, Household
from outreach.services.households import household_close
from tests.helpers import client_for


def test_closing_a_case_records_the_score_and_takes_it_off_the_peers_list(world):
    # When the coordinator closes the case with the household's score
    response = client_for(world.coordinator).post(
        f"/api/v1/households/{world.household.pk}/close/",
        {"reason": "goals_reached", "satisfaction": 9, "became_more_active": True},
        format="json",
    )
    # Then the case is closed with reason and score, open follow-ups are cancelled,
    # and the peer no longer sees it
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["satisfaction"], body["became_more_active"]) == (
        "closed", 9, True,
    )  # fmt: skip
    assert body["lead"] is None
    assert not world.household.follow_ups.filter(status="open").exists()
    assert (
        client_for(world.peer).get(f"/api/v1/households/{world.household.pk}/").status_code == 404
    )


def test_reopening_keeps_the_closing_in_the_history(world):
    client = client_for(world.coordinator)
    client.post(
        f"/api/v1/households/{world.household.pk}/close/",
        {"reason": "moved", "satisfaction": None},
        format="json",
    )
    response = client.post(f"/api/v1/households/{world.household.pk}/reopen/")
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    statuses = list(
        Household.history.filter(id=world.household.pk)
        .order_by("history_date")
        .values_list("status", "history_user__username")
    )
    assert ("closed", "coord-noord") in statuses
    assert statuses[-1] == ("active", "coord-noord")


def test_closing_without_a_request_still_records_who_closed_the_case_and_ended_its_assignment(
    world,
):
    # Given a case with a current assignment, closed outside any request (demo data, a command)
    household_close(
        household=world.household,
        closed_by=world.coordinator,
        reason="moved",
        satisfaction=None,
        became_more_active=None,
    )
    # Then the household's history names who closed it, and the assignment says who ended it
    closing = Household.history.filter(id=world.household.pk).latest()
    assert (closing.history_change_reason, closing.history_user) == ("closed", world.coordinator)
    ended = Assignment.objects.filter(household=world.household).latest("ended_at")
    assert ended.ended_by == world.coordinator and ended.ended_at == closing.closed_at
