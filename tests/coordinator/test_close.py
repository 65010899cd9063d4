"""Closing a case with a score, reopening it, and both kept in the history."""

from django.urls import reverse

from outreach.models import Household
from outreach.services.households import household_close
from tests.factories import FollowUpFactory
from tests.helpers import client_for


def test_closing_with_reason_score_and_activity_through_the_api(world):
    response = client_for(world.coordinator).post(
        f"/api/v1/households/{world.household.pk}/close/",
        {"reason": "goals_reached", "satisfaction": 9, "became_more_active": True},
        format="json",
    )
    assert response.status_code == 200
    household = Household.objects.get(pk=world.household.pk)
    assert (household.status, household.satisfaction, household.became_more_active) == (
        "closed", 9, True
    )  # fmt: skip


def test_a_score_out_of_range_changes_nothing(world):
    response = client_for(world.coordinator).post(
        f"/api/v1/households/{world.household.pk}/close/",
        {"reason": "goals_reached", "satisfaction": 11, "became_more_active": True},
        format="json",
    )
    assert response.status_code == 400 and "satisfaction" in response.json()
    assert Household.objects.get(pk=world.household.pk).status == "active"


def test_closing_and_reopening_on_the_page_are_kept_in_the_history(client, world):
    client.force_login(world.coordinator)
    url = reverse("coordinator:close", args=[world.household.pk])
    response = client.post(
        url, {"reason": "goals_reached", "satisfaction": "8", "became_more_active": "yes"}
    )
    assert response.status_code == 302
    household = Household.objects.get(pk=world.household.pk)
    assert (household.status, household.satisfaction, household.became_more_active) == (
        "closed", 8, True
    )  # fmt: skip
    # Closing again is refused with a clear message
    assert "reopen" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode().lower()
    response = client.post(reverse("coordinator:reopen", args=[world.household.pk]))
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.status == "active" and household.satisfaction is None
    reasons = list(
        Household.history.filter(id=household.pk)
        .exclude(history_change_reason=None)
        .order_by("history_date")
        .values_list("history_change_reason", "history_user")
    )
    assert reasons[-2:] == [("closed", world.coordinator.pk), ("reopened", world.coordinator.pk)]
    # The reopened case waits in the intake queue for a peer
    assert world.household.reference in client.get(reverse("coordinator:intake")).content.decode()


def test_a_bad_score_on_the_page_shows_an_error_and_changes_nothing(client, world):
    client.force_login(world.coordinator)
    url = reverse("coordinator:close", args=[world.household.pk])
    response = client.post(url, {"reason": "goals_reached", "satisfaction": "0"})
    assert response.status_code == 200 and b"errorlist" in response.content
    assert Household.objects.get(pk=world.household.pk).status == "active"


def test_closing_cancels_open_follow_ups_with_a_history_row_each(world):
    # Given the case has an open follow-up (from the world) and one already done
    open_follow_up = world.household.follow_ups.get(status="open")
    done = FollowUpFactory(household=world.household, responsible=world.peer, status="done")
    version_before = open_follow_up.version
    # When the coordinator closes the case
    household_close(
        household=world.household,
        closed_by=world.coordinator,
        reason="goals_reached",
        satisfaction=None,
        became_more_active=None,
    )
    # Then the open follow-up is cancelled, in a new version, and its history says who and why
    open_follow_up.refresh_from_db()
    assert (open_follow_up.status, open_follow_up.version) == ("cancelled", version_before + 1)
    latest = open_follow_up.history.latest()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        "cancelled",
        world.coordinator,
        "case closed",
    )
    # And the follow-up that was already done is left as it was, without a new history row
    assert done.history.count() == 1
    done.refresh_from_db()
    assert done.status == "done"
