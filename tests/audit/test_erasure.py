"""Erasing a case (on request or at the end of retention) reaches the audit trail: the
link to the case and any free text go; that someone opened a case with this reference stays."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from audit.models import AccessAction, AccessLog, BreakGlassGrant
from audit.services import access_log_purge_expired, break_glass_open, record_access
from outreach.services.households import household_erase
from tests.conftest import client_for

REASON = "Mevrouw Jansen belde in paniek over haar huur"


def test_erasing_a_household_forgets_it_in_the_access_log_and_the_grants(world):
    household = world.other_household
    reference = household.reference
    break_glass_open(user=world.coordinator, reference=reference, reason=REASON)
    client_for(world.coordinator).get(f"/api/v1/households/{household.pk}/")
    # When the case is erased
    household_erase(household=household, erased_by=world.admin, reason="Verzoek")
    # Then no entry points at it or says anything about the person
    logged = AccessLog.objects.filter(household_reference=reference)
    assert {entry.action for entry in logged} == {
        AccessAction.BREAK_GLASS,
        AccessAction.VIEW_HOUSEHOLD,
    }
    assert all(entry.household_id is None and entry.detail == "" for entry in logged)
    assert not AccessLog.objects.filter(detail__contains="Jansen").exists()
    grant = BreakGlassGrant.objects.get()
    assert (grant.household_id, grant.reason, grant.is_active) == (None, "", False)


def test_the_api_erasure_is_itself_logged_without_breaking(world):
    response = client_for(world.coordinator).post(
        f"/api/v1/households/{world.household.pk}/erase/", {"reason": "Verzoek"}
    )
    assert response.status_code == 204
    assert not AccessLog.objects.filter(household__isnull=False, household_id=world.household.pk)


def test_access_log_entries_older_than_the_retention_go(world, settings):
    settings.AUDIT_ACCESS_LOG_RETENTION_MONTHS = 24
    old = record_access(world.peer, action=AccessAction.LOGIN)
    AccessLog.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=25 * 31))
    recent = record_access(world.peer, action=AccessAction.LOGIN)
    assert access_log_purge_expired() == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_purge_command_reports_what_it_deleted(db, capsys):
    call_command("purge_access_log")
    assert "Deleted 0 access-log entries" in capsys.readouterr().out
