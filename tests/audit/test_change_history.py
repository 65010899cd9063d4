"""Field-level history of case records with who and why: the reason comes from the
X-Change-Reason header of any API call that changes a record."""

from urllib.parse import quote

from outreach.models import Household
from tests.helpers import client_for

REASON = "Huishouden belde: nieuw nummer na verhuizing naar de Zuiderstraße"


def latest_history(household):
    return Household.history.filter(id=household.pk).order_by("-history_id").first()


def test_a_change_through_the_api_keeps_who_made_it_and_why(world):
    url = f"/api/v1/households/{world.household.pk}/"
    response = client_for(world.peer).patch(
        url, {"phone": "0611223344"}, format="json", HTTP_X_CHANGE_REASON=quote(REASON)
    )
    assert response.status_code == 200
    row = latest_history(world.household)
    assert (row.phone, row.history_user, row.history_change_reason) == (
        "+31611223344",
        world.peer,
        REASON,
    )


def test_without_a_reason_the_history_still_says_who(world):
    url = f"/api/v1/households/{world.household.pk}/"
    client_for(world.peer).patch(url, {"city": "Roosendaal"}, format="json")
    row = latest_history(world.household)
    assert (row.history_user, row.history_change_reason) == (world.peer, None)


def test_a_reason_the_service_gives_is_kept_and_long_reasons_are_cut(world):
    url = f"/api/v1/households/{world.household.pk}/"
    client = client_for(world.coordinator)
    client.post(f"{url}close/", {"reason": "goals_reached"}, format="json",
                HTTP_X_CHANGE_REASON="ignored")  # fmt: skip
    assert latest_history(world.household).history_change_reason == "closed"
    client.post(f"{url}reopen/", format="json")
    client.patch(url, {"city": "Breda"}, format="json", HTTP_X_CHANGE_REASON="x" * 300)
    assert latest_history(world.household).history_change_reason == "x" * 100


def test_a_change_made_on_a_page_says_which_action_made_it(world):
    # Given a peer's open follow-up, When they mark it done on their phone page
    from django.urls import reverse

    from outreach.models import FollowUp

    follow_up = FollowUp.objects.get(household=world.household)
    client = client_for(world.peer)
    client.force_login(world.peer)
    client.post(reverse("peer:follow_up_done", args=[follow_up.pk]), {"version": follow_up.version})
    # Then its history says who did it and on which page, as the why of the change
    row = follow_up.history.order_by("-history_id").first()
    assert (row.history_user, row.history_change_reason) == (
        world.peer, "page peer:follow_up_done"
    )  # fmt: skip
