import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Household, Role, TeamMembership, User, Visit
from outreach.services.conflicts import guard_stale_edit
from outreach.services.errors import (
    apply_changes,
    field_error,
    save_new_version,
    validate_new_record,
)
from outreach.workflow import FollowUpStatus

# Phones' clocks drift; a visit a few minutes "in the future" is a clock, not a mistake.
CLOCK_SKEW = timedelta(minutes=5)
EDITABLE_FIELDS = ("started_at", "kind", "duration_minutes", "notes")


def _check_started_at(started_at) -> None:
    if started_at > timezone.now() + CLOCK_SKEW:
        raise field_error("started_at", _("A visit cannot be in the future."), code="in_the_future")


def _check_peers(household: Household, peers: list[User]) -> None:
    members = set(
        TeamMembership.objects.current()
        .filter(team_id=household.team_id, user__in=peers)
        .values_list("user_id", flat=True)
    )
    for peer in peers:
        if peer.pk not in members or peer.role not in (Role.PEER, Role.COORDINATOR):
            raise field_error(
                "peers",
                _("%(name)s is not in this household's team.") % {"name": peer.get_username()},
                code="other_team",
            )


def visit_log(
    *,
    household: Household,
    recorded_by: User,
    client_uuid: uuid.UUID,
    kind: str,
    duration_minutes: int,
    started_at=None,
    notes: str = "",
    peers: list[User] | None = None,
) -> tuple[Visit, bool]:
    """Log a visit, once. A repeat with the same client UUID (a phone retrying on a bad
    connection, or two requests racing) returns the visit already logged. Returns the visit
    and whether it was created now."""
    existing = Visit.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        return _same_visit_or_error(existing, household), False
    started_at = started_at or timezone.now()
    _check_started_at(started_at)
    peers = peers or [recorded_by]
    _check_peers(household, peers)
    visit = Visit(
        household=household,
        client_uuid=client_uuid,
        kind=kind,
        duration_minutes=duration_minutes,
        started_at=started_at,
        notes=notes,
        recorded_by=recorded_by,
    )
    # The client UUID's uniqueness is left to the database (see the race below).
    validate_new_record(visit, validate_unique=False)
    try:
        with transaction.atomic():
            visit.save()
            visit.peers.add(*peers)  # a new visit has no peers yet: nothing to remove
    except IntegrityError:
        # Lost the race to a request with the same UUID; it is committed now, use it.
        existing = Visit.objects.get(client_uuid=client_uuid)
        return _same_visit_or_error(existing, household), False
    return visit, True


def _same_visit_or_error(existing: Visit, household: Household) -> Visit:
    if existing.household_id != household.pk:
        raise field_error(
            "client_uuid", _("This client id was already used for another visit."), "duplicate"
        )
    return existing


@transaction.atomic
def visit_update(
    *,
    visit: Visit,
    changed_by: User,
    data: dict,
    peers: list[User] | None = None,
    base_version: int | None = None,
) -> Visit:
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    guard_stale_edit(instance=visit, base_version=base_version, data=data, submitted_by=changed_by)
    if "started_at" in data:
        _check_started_at(data["started_at"])
    changed = apply_changes(visit, data, EDITABLE_FIELDS)
    if peers is not None:
        _check_peers(visit.household, peers)
        if {p.pk for p in peers} != set(visit.peers.values_list("pk", flat=True)):
            visit.peers.set(peers)
            changed.append("peers")
    save_new_version(visit, changed)
    return visit


@dataclass
class RecordChange:
    """A change to an existing record made in the visit form, with the version it was made
    on (so a stale change becomes a conflict instead of an overwrite)."""

    record: object
    data: dict
    base_version: int | None


@dataclass
class VisitReport:
    visit: Visit
    created: bool
    conflicts: list = field(default_factory=list)


def visit_log_with_records(
    *,
    household: Household,
    recorded_by: User,
    client_uuid: uuid.UUID,
    kind: str,
    duration_minutes: int,
    started_at=None,
    notes: str = "",
    peers: list[User] | None = None,
    new_wishes: list[dict] = (),
    new_checks: list[dict] = (),
    new_follow_ups: list[dict] = (),
    wish_changes: list[RecordChange] = (),
    check_changes: list[RecordChange] = (),
    follow_ups_done: list[RecordChange] = (),
) -> VisitReport:
    """Log a visit with what came of it (new and changed wishes, provision checks and
    follow-ups) in one transaction: all of it or nothing. Idempotent on the client UUID: a
    resend (a phone coming back online, a double tap) returns the visit already logged and
    adds nothing. Changes made on a stale version are kept as conflicts, not applied."""
    from outreach.services.follow_ups import follow_up_complete, follow_up_create
    from outreach.services.provision_checks import (
        provision_check_create,
        provision_check_record_outcome,
    )
    from outreach.services.wishes import wish_change_status, wish_create

    with transaction.atomic():
        visit, created = visit_log(
            household=household,
            recorded_by=recorded_by,
            client_uuid=client_uuid,
            kind=kind,
            duration_minutes=duration_minutes,
            started_at=started_at,
            notes=notes,
            peers=peers,
        )
        if not created:
            return VisitReport(visit=visit, created=False)
        conflicts = []
        for data in new_wishes:
            wish_create(household=household, created_by=recorded_by, data=dict(data))
        for data in new_checks:
            provision_check_create(household=household, created_by=recorded_by, data=dict(data))
        for data in new_follow_ups:
            follow_up_create(household=household, created_by=recorded_by, data=dict(data))
        for change in wish_changes:
            _wish, conflict = wish_change_status(
                wish=change.record,
                changed_by=recorded_by,
                status=change.data["status"],
                base_version=change.base_version,
            )
            conflicts.append(conflict)
        for change in check_changes:
            _check, conflict = provision_check_record_outcome(
                check=change.record,
                changed_by=recorded_by,
                data=change.data,
                base_version=change.base_version,
            )
            conflicts.append(conflict)
        visit_day = timezone.localtime(visit.started_at).strftime("%d-%m-%Y")
        for change in follow_ups_done:
            change.record.refresh_from_db(fields=["status"])
            if change.record.status != FollowUpStatus.OPEN:
                continue  # already closed above by the outcome it waited for
            _follow_up, conflict = follow_up_complete(
                follow_up=change.record,
                completed_by=recorded_by,
                note=_("Done at the visit of %(date)s") % {"date": visit_day},
                base_version=change.base_version,
            )
            conflicts.append(conflict)
    return VisitReport(visit=visit, created=True, conflicts=[c for c in conflicts if c])
