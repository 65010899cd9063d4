"""Bad input gets a clear field error with 400, in the language asked for, and saves nothing."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from outreach.models import Assignment, FollowUp, Household, Visit
from tests.factories import TeamFactory, UserFactory, consents_payload
from tests.helpers import client_for


def household_count():
    return Household.objects.count()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "0201234567"),  # a landline
        ("phone", "06-1234"),
        ("phone", "+32612345678"),
        ("postcode", "1234 SS"),
        ("postcode", "0123 AB"),
        ("postcode", "ABCD"),
        ("neighbourhood_code", "WK167401"),
        ("main_income_source", "lottery"),
        ("contact_name", "x" * 121),
        ("adults", 50),
    ],
)
def test_household_with_invalid_field_is_refused_and_not_saved(world, field, value):
    before = household_count()
    response = client_for(world.coordinator).post(
        "/api/v1/households/",
        {"contact_name": "Nieuw", field: value, "consents": consents_payload()},
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json()
    assert household_count() == before


def test_phone_and_postcode_are_stored_normalised(world):
    response = client_for(world.coordinator).post(
        "/api/v1/households/",
        {
            "contact_name": "Nieuw",
            "phone": "06 123 456 78",
            "postcode": "4701ab",
            "consents": consents_payload(),
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["phone"] == "+31612345678"
    assert response.json()["postcode"] == "4701 AB"
    assert response.json()["reference"].startswith(f"HH-{timezone.localdate().year}-")


def test_errors_come_in_the_language_asked_for(world):
    client = client_for(world.coordinator)
    payload = {"contact_name": "Nieuw", "phone": "0201234567", "consents": consents_payload()}
    dutch = client.post("/api/v1/households/", payload, format="json")
    english = client.post("/api/v1/households/", payload, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert "Vul een Nederlands mobiel nummer in" in dutch.json()["phone"][0]
    assert english.json()["phone"][0] == "Enter a Dutch mobile number, for example 06 12345678."


def test_visit_in_the_future_is_refused(world):
    response = client_for(world.peer).post(
        "/api/v1/visits/",
        {
            "household": world.household.pk,
            "client_uuid": str(uuid.uuid4()),
            "kind": "home_visit",
            "duration_minutes": 30,
            "started_at": (timezone.now() + timedelta(days=1)).isoformat(),
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["started_at"] == ["A visit cannot be in the future."]
    assert Visit.objects.filter(household=world.household).count() == 1


@pytest.mark.parametrize("payload", [{"kind": "party"}, {"duration_minutes": 0},
                                     {"notes": "x" * 5001}])  # fmt: skip
def test_visit_with_unknown_kind_bad_duration_or_oversized_notes_is_refused(world, payload):
    body = {
        "household": world.household.pk,
        "client_uuid": str(uuid.uuid4()),
        "kind": "home_visit",
        "duration_minutes": 30,
        **payload,
    }
    response = client_for(world.peer).post("/api/v1/visits/", body, format="json")
    assert response.status_code == 400
    assert set(payload) <= set(response.json())


@pytest.mark.parametrize("score", [0, 11, -3])
def test_closing_with_a_score_outside_1_to_10_is_refused(world, score):
    response = client_for(world.coordinator).post(
        f"/api/v1/households/{world.household.pk}/close/",
        {"reason": "goals_reached", "satisfaction": score},
        format="json",
    )
    assert response.status_code == 400
    assert "satisfaction" in response.json()
    world.household.refresh_from_db()
    assert world.household.status == "active"


def test_follow_up_due_before_it_was_made_is_refused(world):
    response = client_for(world.peer).post(
        "/api/v1/follow-ups/",
        {
            "household": world.household.pk,
            "description": "Bellen",
            "due_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["due_date"] == [
        "The due date cannot be before the day the follow-up was made."
    ]
    assert FollowUp.objects.filter(household=world.household).count() == 1


def test_health_data_without_special_category_consent_is_refused(world):
    response = client_for(world.peer).patch(
        f"/api/v1/households/{world.household.pk}/",
        {"physical_health_problems": True, "adults": 3},
        format="json",
    )
    assert response.status_code == 400
    assert "physical_health_problems" in response.json()
    world.household.refresh_from_db()
    assert world.household.physical_health_problems is None
    assert world.household.adults == 1, "nothing half-saved"


def test_assignment_to_a_peer_of_another_team_is_refused(world):
    stranger = UserFactory(team=TeamFactory(name="Elders"))
    response = client_for(world.coordinator).post(
        f"/api/v1/households/{world.household.pk}/assign/",
        {"lead": stranger.pk, "reason": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    # As for someone who does not exist: the answer does not tell of people of other teams
    assert response.json()["lead"] == [f'Invalid pk "{stranger.pk}" - object does not exist.']
    assert Assignment.objects.current().get(household=world.household).lead == world.peer


def test_assigning_a_closed_case_is_refused(world):
    client = client_for(world.coordinator)
    client.post(f"/api/v1/households/{world.household.pk}/close/", {"reason": "moved"})
    response = client.post(
        f"/api/v1/households/{world.household.pk}/assign/", {"lead": world.peer.pk}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url", "payload"),
    [
        ("/api/v1/wishes/", {"category": "gambling", "description": "x"}),
        ("/api/v1/wishes/", {"category": "sport", "description": "x", "barriers": ["money"]}),
        ("/api/v1/wishes/", {"category": "sport", "description": "x" * 501}),
        ("/api/v1/provision-checks/", {"provision": 1, "outcome": "maybe"}),
    ],
)
def test_unknown_choices_and_oversized_text_in_records_are_refused(world, url, payload):
    response = client_for(world.peer).post(
        url, {"household": world.household.pk, **payload}, format="json"
    )
    assert response.status_code == 400


def test_a_household_that_is_not_yours_is_unknown_when_you_add_to_it(world):
    response = client_for(world.peer).post(
        "/api/v1/wishes/",
        {"household": world.other_household.pk, "category": "sport", "description": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "household" in response.json()
