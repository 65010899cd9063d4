"""Erasure on request: the case is anonymised at once, the audit trail included (the link
to the case and any free text go; that someone opened a case with this reference stays),
and a record says that an erasure happened, not what was erased."""

from datetime import timedelta

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from audit.models import AccessAction, AccessLog, BreakGlassGrant
from audit.retention import household_erase
from audit.services import access_log_purge_expired, break_glass_open, record_access
from notifications.models import Participant
from outreach.models import ErasureRecord, Household, Visit
from tests.audit.helpers import traces
from tests.helpers import client_for

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


def test_the_api_erasure_leaves_no_trace_of_the_person_and_records_that_it_happened(world):
    household = world.household
    name, reference = household.contact_name, household.reference
    client_for(world.peer).patch(
        f"/api/v1/households/{household.pk}/",
        {"contact_name": "Nieuwe Naamvoorbeeld"},
        format="json",
    )
    assert traces(name, "Nieuwe Naamvoorbeeld")
    # When the team's coordinator erases the case on the household's request
    response = client_for(world.coordinator).post(
        f"/api/v1/households/{household.pk}/erase/", {"reason": "Verzoek per telefoon"}
    )
    # Then the person is in no table, and the case is gone for everyone
    assert response.status_code == 204
    assert traces(name, "Nieuwe Naamvoorbeeld") == []
    assert not AccessLog.objects.filter(household_id=household.pk).exists()
    record = ErasureRecord.objects.get()
    assert (record.subject, record.reference, record.erased_by, record.reason) == (
        "household",
        reference,
        world.coordinator,
        "Verzoek per telefoon",
    )
    for user in (world.coordinator, world.admin, world.peer):
        assert client_for(user).get(f"/api/v1/households/{household.pk}/").status_code == 404
    # The records stay in coarse form for the figures; the other team's case is untouched
    assert Visit.objects.filter(household_id=household.pk, notes="").exists()
    assert Household.objects.get(pk=world.other_household.pk).anonymised_at is None


def test_erasing_an_open_case_closes_it_so_the_figures_stop_counting_it(world):
    household_erase(household=world.household, erased_by=world.coordinator, reason="Verzoek")
    row = Household.objects.get(pk=world.household.pk)
    assert row.status == "closed" and row.closed_at is not None
    # Erasing twice changes nothing and records nothing new
    assert household_erase(household=row, erased_by=world.coordinator, reason="again") is None
    assert ErasureRecord.objects.count() == 1


def test_erasing_a_participant_is_recorded_without_saying_who(world):
    participant = Participant.objects.create(team=world.household.team, name="Kees Buur")
    kind = ContentType.objects.get_for_model(participant)
    LogEntry.objects.create(user=world.admin, object_id=str(participant.pk), content_type=kind,
                            object_repr="Kees Buur", action_flag=CHANGE)  # fmt: skip
    response = client_for(world.coordinator).delete(f"/api/v1/participants/{participant.pk}/")
    assert response.status_code == 204
    record = ErasureRecord.objects.get()
    assert (record.subject, record.reference, record.erased_by) == (
        "participant",
        "",
        world.coordinator,
    )
    assert traces("Kees Buur") == []


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
