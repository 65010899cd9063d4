"""Offline edits on a stale version never silently overwrite: 409 with both values."""

from outreach.models import EditConflict
from tests.helpers import client_for


def test_stale_edit_of_the_same_field_is_kept_as_a_conflict_not_overwritten(world):
    # Given a wish that the peer and the buddy both loaded at version 1
    wish = world.household.wishes.get()
    url = f"/api/v1/wishes/{wish.pk}/"
    # When the peer saves first and the buddy then saves the same field on version 1
    first = client_for(world.peer).patch(
        url, {"description": "Judo op woensdag", "version": 1}, format="json"
    )
    second = client_for(world.buddy).patch(
        url, {"description": "Zwemmen op zaterdag", "version": 1}, format="json"
    )
    # Then the first is saved, the second answers 409 with both values, and nothing is lost
    assert first.status_code == 200 and first.json()["version"] == 2
    assert second.status_code == 409
    body = second.json()
    assert body["conflict"]["submitted"] == {"description": "Zwemmen op zaterdag"}
    assert body["conflict"]["current"] == {"description": "Judo op woensdag"}
    assert body["current"]["description"] == "Judo op woensdag"
    wish.refresh_from_db()
    assert wish.description == "Judo op woensdag"
    # And the coordinator finds it listed, and can choose the buddy's version
    listed = client_for(world.coordinator).get("/api/v1/conflicts/").json()["results"]
    assert [c["id"] for c in listed] == [body["conflict"]["id"]]
    resolved = client_for(world.coordinator).post(
        f"/api/v1/conflicts/{body['conflict']['id']}/resolve/", {"use": "submitted"}
    )
    assert resolved.status_code == 200
    wish.refresh_from_db()
    assert wish.description == "Zwemmen op zaterdag"
    assert client_for(world.coordinator).get("/api/v1/conflicts/").json()["count"] == 0


def test_stale_edit_of_other_fields_is_merged(world):
    wish = world.household.wishes.get()
    url = f"/api/v1/wishes/{wish.pk}/"
    client_for(world.peer).patch(url, {"description": "Judo", "version": 1}, format="json")
    response = client_for(world.buddy).patch(
        url, {"status": "in_progress", "version": 1}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["description"], response.json()["status"]) == ("Judo", "in_progress")
    assert not EditConflict.objects.exists()


def test_stale_household_edit_conflicts_and_keeping_current_changes_nothing(world):
    url = f"/api/v1/households/{world.household.pk}/"
    client_for(world.coordinator).patch(url, {"adults": 2, "version": 1}, format="json")
    stale = client_for(world.peer).patch(url, {"adults": 3, "version": 1}, format="json")
    assert stale.status_code == 409
    conflict_id = stale.json()["conflict"]["id"]
    kept = client_for(world.peer).post(
        f"/api/v1/conflicts/{conflict_id}/resolve/", {"use": "current"}
    )
    assert kept.json()["resolution"] == "kept_current"
    world.household.refresh_from_db()
    assert world.household.adults == 2


def test_other_team_cannot_see_a_conflict(world):
    wish = world.household.wishes.get()
    client_for(world.peer).patch(
        f"/api/v1/wishes/{wish.pk}/", {"description": "A", "version": 1}, format="json"
    )
    conflict = (
        client_for(world.buddy)
        .patch(f"/api/v1/wishes/{wish.pk}/", {"description": "B", "version": 1}, format="json")
        .json()["conflict"]
    )
    other = client_for(world.other_coordinator)
    assert other.get(f"/api/v1/conflicts/{conflict['id']}/").status_code == 404


def test_a_change_to_a_household_cannot_carry_consents(world):
    # Given a household the peer works on
    url = f"/api/v1/households/{world.household.pk}/"
    # When the peer's change also sends consents
    response = client_for(world.peer).patch(
        url, {"adults": 4, "consents": []}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    # Then it is refused on the consents, pointing to where consent is given, and nothing changed
    assert response.status_code == 400
    assert response.json()["consents"] == [
        "Give or withdraw consent through the consents endpoint."
    ]
    world.household.refresh_from_db()
    assert world.household.adults != 4
