"""A change to any kind of case record, routed to the update service of its kind: for the
pages and the API that edit records offline-first, and for resolving a conflict by applying
the values that were set aside."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Household, ParticipationWish, ProvisionCheck, User, Visit
from outreach.models.conflicts import ConflictResolution, EditConflict
from outreach.services.conflicts import MODELS, from_json, keep_as_conflict
from outreach.services.errors import field_error
from outreach.services.follow_ups import follow_up_update
from outreach.services.households import household_update
from outreach.services.provision_checks import provision_check_update
from outreach.services.visits import visit_update
from outreach.services.wishes import wish_update


@transaction.atomic
def conflict_resolve(*, conflict: EditConflict, resolved_by: User, use_submitted: bool):
    """Close a conflict: keep what was saved, or apply the values that were set aside."""
    conflict = EditConflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.resolved_at is not None:
        raise field_error("conflict", _("This conflict was already resolved."), "resolved")
    if use_submitted:
        model = MODELS[conflict.record_type]
        record = model.objects.filter(pk=conflict.record_id).first()
        if record is None:
            raise field_error("conflict", _("The record no longer exists."), "gone")
        data = {name: from_json(model, name, value) for name, value in conflict.submitted.items()}
        update_record(record=record, changed_by=resolved_by, data=data, base_version=None)
    conflict.resolved_at = timezone.now()
    conflict.resolved_by = resolved_by
    conflict.resolution = (
        ConflictResolution.APPLIED_SUBMITTED if use_submitted else ConflictResolution.KEPT_CURRENT
    )
    conflict.save()
    return conflict


def record_change(*, record, changed_by: User, data: dict, base_version: int | None, **extra):
    """Apply a change to a case record, or, when it was made on a stale version and would
    overwrite someone else's change, keep it as a conflict. Returns (record, conflict)."""
    return keep_as_conflict(
        update_record,
        record=record,
        changed_by=changed_by,
        data=data,
        base_version=base_version,
        **extra,
    )


def update_record(*, record, changed_by: User, data: dict, base_version: int | None, **extra):
    """Route a change to the update service of the record's kind."""
    common = {"changed_by": changed_by, "data": data, "base_version": base_version, **extra}
    if isinstance(record, Household):
        return household_update(household=record, **common)
    if isinstance(record, Visit):
        return visit_update(visit=record, **common)
    if isinstance(record, ParticipationWish):
        return wish_update(wish=record, **common)
    if isinstance(record, ProvisionCheck):
        return provision_check_update(check=record, **common)
    return follow_up_update(follow_up=record, **common)
