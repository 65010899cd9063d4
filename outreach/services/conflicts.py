"""Optimistic concurrency for offline edits: a change made on an old version is merged when
it touches nothing that changed since, and kept aside as a conflict when it would overwrite
someone else's change. Base values come from the history table (the version edited)."""

import datetime
import decimal
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from outreach.models import FollowUp, Household, ParticipationWish, ProvisionCheck, User, Visit
from outreach.models.conflicts import ConflictRecordType, EditConflict
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
    # Saved by keep_as_conflict() once the failed change's transaction is rolled back.
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


def keep_as_conflict(update, **arguments):
    """Run an update service; when its change was made on a stale version and would
    overwrite someone else's change, keep it as a conflict instead. Returns (record, conflict)."""
    try:
        return update(**arguments), None
    except StaleEditError as stale:
        stale.conflict.save()
        return None, stale.conflict
