"""Case records in the admin: the administrator reads them with their change history, in
Dutch; nobody edits them there; every opening is in the access log."""

import pytest

from audit.models import AccessAction, AccessLog
from outreach.services.applications import application_start

CASE_RECORDS = [
    "household", "visit", "participationwish", "provisioncheck", "followup", "application",
]  # fmt: skip


def record_of(world, model_name):
    if model_name == "household":
        return world.household
    if model_name == "application":
        check = world.household.provision_checks.first()
        return getattr(check, "application", None) or application_start(
            provision_check=check, started_by=world.peer
        )
    relation = {
        "visit": "visits",
        "participationwish": "wishes",
        "provisioncheck": "provision_checks",
        "followup": "follow_ups",
    }[model_name]
    return getattr(world.household, relation).first()


@pytest.mark.parametrize("model_name", CASE_RECORDS)
def test_admin_reads_a_case_record_and_its_history_in_dutch(client, world, model_name):
    record = record_of(world, model_name)
    client.force_login(world.admin)
    listing = client.get(f"/admin/outreach/{model_name}/")
    assert listing.status_code == 200
    detail = client.get(f"/admin/outreach/{model_name}/{record.pk}/change/")
    assert detail.status_code == 200
    history = client.get(f"/admin/outreach/{model_name}/{record.pk}/history/")
    assert history.status_code == 200
    assert "Geschiedenis" in history.content.decode() or "geschiedenis" in history.content.decode()
    # Each opening is logged, with the case it belongs to
    opened = AccessLog.objects.filter(user=world.admin, household=world.household)
    assert opened.count() == 2
    assert AccessLog.objects.filter(user=world.admin, action=AccessAction.VIEW_LIST).exists()


@pytest.mark.parametrize("model_name", CASE_RECORDS)
def test_case_records_are_not_edited_or_deleted_in_the_admin(client, world, model_name):
    record = record_of(world, model_name)
    client.force_login(world.admin)
    assert client.get(f"/admin/outreach/{model_name}/add/").status_code == 403
    before = client.get(f"/admin/outreach/{model_name}/{record.pk}/change/").content.decode()
    assert 'name="_save"' not in before
    assert client.post(f"/admin/outreach/{model_name}/{record.pk}/delete/").status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "peer", "municipality_user"])
def test_only_the_administrator_opens_case_records_in_the_admin(client, world, role):
    client.force_login(getattr(world, role))
    response = client.get(f"/admin/outreach/household/{world.household.pk}/change/")
    assert response.status_code in (302, 403)
    assert not AccessLog.objects.filter(action=AccessAction.VIEW_HOUSEHOLD).exists()


def test_a_cancelled_follow_up_shows_who_cancelled_it_in_the_admin_history(client, world):
    from outreach.services.households import household_close

    follow_up = world.household.follow_ups.get()
    household_close(
        household=world.household,
        closed_by=world.coordinator,
        reason="moved",
        satisfaction=None,
        became_more_active=None,
    )
    client.force_login(world.admin)
    page = client.get(f"/admin/outreach/followup/{follow_up.pk}/history/").content.decode()
    assert "coord-noord" in page and "case closed" in page
