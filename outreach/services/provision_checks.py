from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Application, Household, ProvisionCheck, ProvisionOutcome, User
from outreach.services.conflicts import guard_stale_edit, keep_as_conflict
from outreach.services.errors import (
    apply_changes,
    field_error,
    save_new_version,
    validate_new_record,
)
from outreach.services.follow_ups import follow_ups_close_resolved

EDITABLE_FIELDS = ("provision", "outcome", "non_use_reason", "estimated_annual_value", "checked_on")
NON_USE_OUTCOMES = (
    ProvisionOutcome.NON_USE_FOUND,
    ProvisionOutcome.APPLICATION_IN_PROGRESS,
    ProvisionOutcome.GRANTED,
    ProvisionOutcome.REJECTED,
)


def _check(check: ProvisionCheck) -> None:
    if not check.provision.active and check._state.adding:
        raise field_error("provision", _("This provision is no longer offered."), "inactive")
    if check.provision.municipality_id not in (None, check.household.team.municipality_id):
        raise field_error(
            "provision", _("This provision is not offered in this municipality."), "elsewhere"
        )
    if check.non_use_reason and check.outcome not in NON_USE_OUTCOMES:
        raise field_error(
            "non_use_reason",
            _("A reason for non-use only fits when non-use was found."),
            "not_applicable",
        )
    if check.checked_on > timezone.localdate():
        raise field_error("checked_on", _("This date is in the future."), "in_the_future")


@transaction.atomic
def provision_check_create(*, household: Household, created_by: User, data: dict) -> ProvisionCheck:
    check = ProvisionCheck(household=household, created_by=created_by)
    apply_changes(check, data, EDITABLE_FIELDS)
    if check.estimated_annual_value is None and check.outcome in NON_USE_OUTCOMES:
        check.estimated_annual_value = check.provision.typical_annual_value
    _check(check)
    validate_new_record(check)
    check.save()
    return check


@transaction.atomic
def provision_check_update(
    *, check: ProvisionCheck, changed_by: User, data: dict, base_version: int | None = None
) -> ProvisionCheck:
    check = ProvisionCheck.objects.select_for_update().get(pk=check.pk)
    guard_stale_edit(instance=check, base_version=base_version, data=data, submitted_by=changed_by)
    outcome_before = check.outcome
    changed = apply_changes(check, data, EDITABLE_FIELDS)
    if {"outcome", "provision"} & set(changed) and (
        Application.objects.filter(provision_check=check).exists()
    ):
        field = "outcome" if "outcome" in changed else "provision"
        raise field_error(
            field,
            _("This check has an application: its outcome follows the application's steps."),
            "has_application",
        )
    if check.outcome != outcome_before:
        check.outcome_changed_on = timezone.localdate()
    _check(check)
    save_new_version(check, changed)
    return check


# Outcomes after which there is nothing left to chase for this provision.
SETTLED_OUTCOMES = (
    ProvisionOutcome.ALREADY_USED,
    ProvisionOutcome.NOT_ELIGIBLE,
    ProvisionOutcome.GRANTED,
    ProvisionOutcome.REJECTED,
)


def provision_check_record_outcome(
    *, check: ProvisionCheck, changed_by: User, data: dict, base_version: int | None
):
    """Change a check's outcome (conflict-aware). A settled outcome closes the follow-ups
    opened for this check, with a note saying so. Returns (check, conflict)."""
    with transaction.atomic():
        check, conflict = keep_as_conflict(
            provision_check_update,
            check=check,
            changed_by=changed_by,
            data=data,
            base_version=base_version,
        )
        if check is not None and check.outcome in SETTLED_OUTCOMES:
            follow_ups_close_resolved(
                closed_by=changed_by,
                provision_check=check,
                note=_("Closed by the outcome of %(provision)s: %(outcome)s")
                % {"provision": check.provision.name, "outcome": check.get_outcome_display()},
            )
    return check, conflict
