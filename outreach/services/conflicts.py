"""Optimistic concurrency for offline edits: a change made on an old version is merged when
it touches nothing that changed since, and kept aside as a conflict when it would overwrite
someone else's change. Base values come from the history table (the version edited)."""

import datetime
import decimal
import uuid

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import FollowUp, Household, ParticipationWish, ProvisionCheck, User, Visit
from outreach.models.conflicts import ConflictRecordType, ConflictResolution, EditConflict
from outreach.services.errors import field_error

RECORD_TYPES: dict[type[models.Model], str] = {
    Household: ConflictRecordType.HOUSEHOLD,
    Visit: ConflictRecordType.VISIT,
    ParticipationWish: ConflictRecordType.WISH,
    ProvisionCheck: ConflictRecordType.PROVISION_CHECK,
    FollowUp: ConflictRecordType.FOLLOW_UP,
}
MODELS = {record_type: model for model, record_type in RECORD_TYPES.items()}


class StaleEditError(Exception):
    """Raised when a change would overwrite a change made since its base version."""

    def __init__(self, conflict: EditConflict):
        super().__init__(f"Edit conflict {conflict.pk}")
        self.conflict = conflict


def to_json(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    return value


def from_json(model: type[models.Model], name: str, value):
    field = model._meta.get_field(name)
    if value is None:
        return None
    if field.is_relation:
        return field.related_model.objects.get(pk=value)
    if isinstance(field, models.JSONField):
        return value
    return field.to_python(value)


def _household_id(instance: models.Model) -> int:
    return instance.pk if isinstance(instance, Household) else instance.household_id


def guard_stale_edit(
    *, instance: models.Model, base_version: int | None, data: dict, submitted_by: User
) -> None:
    """Let a change through when it was made on the current version, or when none of the
    fields it changes were changed by someone else since its base version. Otherwise keep
    both values in an EditConflict and raise StaleEditError: nothing is overwritten."""
    if base_version is None or base_version == instance.version:
        return
    if base_version > instance.version:
        raise field_error("version", _("This version does not exist (yet)."), "unknown_version")
    base = (
        type(instance)
        .history.filter(id=instance.pk, version=base_version)
        .order_by("-history_date")
        .first()
    )
    clashing = {}
    for name, submitted_value in data.items():
        current = to_json(getattr(instance, name))
        submitted = to_json(submitted_value)
        if submitted == current:
            continue
        changed_since = base is None or to_json(getattr(base, name, None)) != current
        if changed_since:
            clashing[name] = (submitted, current)
    if not clashing:
        return
    # Saved by record_change() once the failed change's transaction is rolled back.
    conflict = EditConflict(
        household_id=_household_id(instance),
        record_type=RECORD_TYPES[type(instance)],
        record_id=instance.pk,
        base_version=base_version,
        current_version=instance.version,
        submitted={name: values[0] for name, values in clashing.items()},
        current={name: values[1] for name, values in clashing.items()},
        submitted_by=submitted_by,
    )
    raise StaleEditError(conflict)


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
    try:
        return update_record(
            record=record, changed_by=changed_by, data=data, base_version=base_version, **extra
        ), None
    except StaleEditError as stale:
        stale.conflict.save()
        return None, stale.conflict


def update_record(*, record, changed_by: User, data: dict, base_version: int | None, **extra):
    """Route a change to the update service of the record's kind."""
    from outreach.services.follow_ups import follow_up_update
    from outreach.services.households import household_update
    from outreach.services.provision_checks import provision_check_update
    from outreach.services.visits import visit_update
    from outreach.services.wishes import wish_update

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
