from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import FollowUp, Household, Role, TeamMembership, User
from outreach.services.conflicts import guard_stale_edit, keep_as_conflict
from outreach.services.consent import consent_require_contact
from outreach.services.errors import (
    apply_changes,
    field_error,
    save_new_version,
    validate_new_record,
)
from outreach.workflow import FOLLOW_UP_TRANSITIONS, FollowUpStatus, is_allowed

EDITABLE_FIELDS = (
    "wish",
    "provision_check",
    "description",
    "due_date",
    "responsible",
    "status",
    "completion_note",
)


# A follow-up is a next step in a case, not a plan for the next decade (9999-12-31).
FOLLOW_UP_FURTHEST_AHEAD = timedelta(days=3 * 365)


def _check(follow_up: FollowUp) -> None:
    household_id = follow_up.household_id
    for link in ("wish", "provision_check"):
        linked = getattr(follow_up, link)
        if linked is not None and linked.household_id != household_id:
            raise field_error(link, _("This belongs to another household."), "other_household")
    created_on = timezone.localtime(follow_up.created_at).date()
    if follow_up.due_date < created_on:
        raise field_error(
            "due_date",
            _("The due date cannot be before the day the follow-up was made."),
            "before_creation",
        )
    if follow_up.due_date > created_on + FOLLOW_UP_FURTHEST_AHEAD:
        raise field_error(
            "due_date",
            _("A follow-up is due within %(years)s years of the day it was made. Check the date.")
            % {"years": FOLLOW_UP_FURTHEST_AHEAD.days // 365},
            "too_far_ahead",
        )
    responsible = follow_up.responsible
    in_team = TeamMembership.objects.current().filter(
        user=responsible, team_id=follow_up.household.team_id
    )
    if responsible.role not in (Role.PEER, Role.COORDINATOR) or not in_team.exists():
        raise field_error(
            "responsible",
            _("%(name)s is not in this household's team.") % {"name": responsible.get_username()},
            "other_team",
        )


@transaction.atomic
def follow_up_create(*, household: Household, created_by: User, data: dict) -> FollowUp:
    consent_require_contact(household)
    data = {"responsible": created_by, **data}
    follow_up = FollowUp(household=household, created_by=created_by)
    apply_changes(follow_up, data, EDITABLE_FIELDS)
    if follow_up.status != FollowUpStatus.OPEN:
        raise field_error("status", _("A new follow-up is always open."), "invalid_transition")
    _check(follow_up)
    validate_new_record(follow_up)
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_update(
    *, follow_up: FollowUp, changed_by: User, data: dict, base_version: int | None = None
) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    guard_stale_edit(
        instance=follow_up, base_version=base_version, data=data, submitted_by=changed_by
    )
    new_status = data.get("status", follow_up.status)
    if not is_allowed(FOLLOW_UP_TRANSITIONS, follow_up.status, new_status):
        raise field_error("status", _("This change of status is not possible."), "transition")
    status_before = follow_up.status
    changed = apply_changes(follow_up, data, EDITABLE_FIELDS)
    if follow_up.status != status_before:
        follow_up.completed_at = None if follow_up.status == FollowUpStatus.OPEN else timezone.now()
    _check(follow_up)
    save_new_version(follow_up, changed)
    return follow_up


def follow_up_complete(
    *, follow_up: FollowUp, completed_by: User, note: str = "", base_version: int | None = None
):
    """Mark a follow-up done. Made on a stale version (the buddy changed it meanwhile) it is
    kept as a conflict instead. Returns (follow_up, conflict)."""
    data = {"status": FollowUpStatus.DONE}
    if note:
        data["completion_note"] = note
    return keep_as_conflict(
        follow_up_update,
        follow_up=follow_up,
        changed_by=completed_by,
        data=data,
        base_version=base_version,
    )


@transaction.atomic
def follow_ups_close_resolved(
    *, closed_by: User, note: str, wish=None, provision_check=None
) -> int:
    """Close the open follow-ups whose work a wish's or provision check's outcome settled,
    noting what closed them. Returns how many were closed."""
    linked = FollowUp.objects.select_for_update().filter(status=FollowUpStatus.OPEN)
    if wish is not None:
        linked = linked.filter(wish=wish)
    elif provision_check is not None:
        linked = linked.filter(provision_check=provision_check)
    else:
        return 0
    closed = 0
    for follow_up in linked:
        follow_up_update(
            follow_up=follow_up,
            changed_by=closed_by,
            data={"status": FollowUpStatus.DONE, "completion_note": note[:500]},
        )
        closed += 1
    return closed
