from outreach.models import ConsentScope, Household
from tests.factories import consent_text
from tests.helpers import client_for


def give_special_category_consent(client, household):
    return client.post(
        "/api/v1/consents/",
        {
            "household": household.pk,
            "scope": ConsentScope.SPECIAL_CATEGORY,
            "method": "verbal",
            "text": consent_text(ConsentScope.SPECIAL_CATEGORY).pk,
        },
        format="json",
    )


def test_health_data_can_be_stored_once_consent_is_given(world):
    client = client_for(world.peer)
    consent = give_special_category_consent(client, world.household)
    assert consent.status_code == 201
    assert consent.json()["text_version"] == "2026-1"
    assert consent.json()["recorded_by"] == world.peer.pk
    response = client.patch(
        f"/api/v1/households/{world.household.pk}/",
        {"physical_health_problems": True},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["physical_health_problems"] is True


def test_withdrawing_health_consent_erases_health_data_also_from_history(world):
    # Given a household whose health data was stored with consent
    client = client_for(world.peer)
    consent_id = give_special_category_consent(client, world.household).json()["id"]
    client.patch(
        f"/api/v1/households/{world.household.pk}/",
        {"physical_health_problems": True, "psychological_problems": True},
        format="json",
    )
    # When the household withdraws that consent
    response = client.post(f"/api/v1/consents/{consent_id}/withdraw/")
    # Then the consent is stamped withdrawn and the data is gone, history included
    assert response.status_code == 200
    assert response.json()["withdrawn_at"] is not None
    world.household.refresh_from_db()
    assert world.household.physical_health_problems is None
    assert not Household.history.filter(
        id=world.household.pk, physical_health_problems__isnull=False
    ).exists()
    # And storing it again is refused
    again = client.patch(
        f"/api/v1/households/{world.household.pk}/",
        {"psychological_problems": True},
        format="json",
    )
    assert again.status_code == 400


def test_the_same_consent_cannot_stand_twice(world):
    client = client_for(world.peer)
    give_special_category_consent(client, world.household)
    assert give_special_category_consent(client, world.household).status_code == 400


def test_withdrawing_twice_is_refused(world):
    client = client_for(world.peer)
    consent_id = give_special_category_consent(client, world.household).json()["id"]
    client.post(f"/api/v1/consents/{consent_id}/withdraw/")
    assert client.post(f"/api/v1/consents/{consent_id}/withdraw/").status_code == 400
