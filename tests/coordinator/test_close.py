"""Closing a case with a score, reopening it, and both kept in the history."""

from django.urls import reverse

from outreach.models import Household
from tests.conftest import client_for


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
