from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from outreach.models import (
    ErasureRecord,
    FollowUp,
    Household,
    ParticipationWish,
    ProvisionCheck,
    Visit,
)
from outreach.services.households import households_purge_expired
from tests.conftest import client_for

RECORD_MODELS = (Visit, ParticipationWish, ProvisionCheck, FollowUp)


def traces_of(household_id: int) -> int:
    return (
        Household.objects.filter(pk=household_id).count()
        + Household.history.filter(id=household_id).count()
        + sum(m.objects.filter(household_id=household_id).count() for m in RECORD_MODELS)
        + sum(m.history.filter(household_id=household_id).count() for m in RECORD_MODELS)
    )


def test_erasing_a_household_removes_it_and_its_history(world):
    # Given a household with visits, wishes, checks and follow-ups, all with history
    household_id, reference = world.household.pk, world.household.reference
    client_for(world.peer).patch(
        f"/api/v1/households/{household_id}/", {"contact_name": "Nieuwe naam"}, format="json"
    )
    assert traces_of(household_id) > 0
    # When the coordinator erases it on the household's request
    response = client_for(world.coordinator).post(
        f"/api/v1/households/{household_id}/erase/", {"reason": "Verzoek huishouden"}
    )
    # Then nothing of it remains but a record of the erasure by reference
    assert response.status_code == 204
    assert traces_of(household_id) == 0
    record = ErasureRecord.objects.get()
    assert (record.reference, record.erased_by) == (reference, world.coordinator)
    assert traces_of(world.other_household.pk) > 0


@override_settings(RETENTION_MONTHS_AFTER_CLOSE=12)
def test_cases_closed_longer_than_the_retention_period_are_erased(world):
    Household.objects.filter(pk=world.household.pk).update(
        status="closed", closed_at=timezone.now() - timedelta(days=400)
    )
    Household.objects.filter(pk=world.other_household.pk).update(
        status="closed", closed_at=timezone.now() - timedelta(days=200)
    )
    assert households_purge_expired() == 1
    assert not Household.objects.filter(pk=world.household.pk).exists()
    assert Household.objects.filter(pk=world.other_household.pk).exists()
