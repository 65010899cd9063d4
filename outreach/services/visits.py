import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Household, Role, TeamMembership, User, Visit
from outreach.models.visits import VISIT_HISTORY
from outreach.querysets import users_visible_to
from outreach.services.conflicts import guard_stale_edit
from outreach.services.consent import consent_require_contact
from outreach.services.errors import (
    apply_changes,
    field_error,
    save_new_version,
    validate_new_record,
)
from outreach.services.follow_ups import follow_up_complete, follow_up_create
from outreach.services.provision_checks import (
    provision_check_create,
    provision_check_record_outcome,
)
from outreach.services.wishes import wish_change_status, wish_create
from outreach.workflow import FollowUpStatus

# Phones' clocks drift; a visit a few minutes "in the future" is a clock, not a mistake.
CLOCK_SKEW = timedelta(minutes=5)
EDITABLE_FIELDS = ("started_at", "kind", "duration_minutes", "notes")


# Outreach began long after this: an earlier date is a typing error (0001-01-01, 1926 for 2026).
EARLIEST_VISIT = date(2000, 1, 1)


def _check_started_at(started_at) -> None:
    if started_at > timezone.now() + CLOCK_SKEW:
        raise field_error("started_at", _("A visit cannot be in the future."), code="in_the_future")
    if started_at.date() < EARLIEST_VISIT:
        raise field_error(
            "started_at",
            _("A visit before %(year)s cannot be right. Check the date.")
            % {"year": EARLIEST_VISIT.year},
            code="too_early",
        )


# Who may be named as having been at a visit: a peer or coordinator of the household's team.
PRESENT_ROLES = (Role.PEER, Role.COORDINATOR)


def _team_members_among(household: Household, peer_ids: list[int]):
    """The ids of those named who may be named at this household's visits now."""
    return (
        TeamMembership.objects.current()
        .filter(
            team_id=household.team_id,
            user__in=peer_ids,
            user__is_active=True,
            user__role__in=PRESENT_ROLES,
        )
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )


def _refuse_peers_not_among(peer_ids: list[int], member_ids, *, asked_by: User) -> None:
    refused = next((pk for pk in peer_ids if pk not in member_ids), None)
    if refused is None:
        return
    # Named only when the one asking may see them: the answer must not tell anyone the
    # usernames of other teams.
    colleague = (
        users_visible_to(asked_by).filter(pk=refused).values_list("username", "is_active").first()
    )
    if colleague is None:
        message = _("There is nobody with number %(id)s in this household's team.") % {
            "id": refused
        }
    elif not colleague[1]:
        message = _("%(name)s no longer has an account, so cannot be named.") % {
            "name": colleague[0]
        }
    else:
        message = _("%(name)s is not in this household's team.") % {"name": colleague[0]}
    raise field_error("peers", message, code="other_team")


def visit_log(
    *,
    household: Household,
    recorded_by: User,
    client_uuid: uuid.UUID,
    kind: str,
    duration_minutes: int,
    started_at=None,
    notes: str = "",
    peer_ids: list[int] | None = None,
) -> tuple[Visit, bool]:
    """Log a visit, once. A repeat with the same client UUID (a phone retrying on a bad
    connection, or two requests racing) returns the visit already logged. Returns the visit
    and whether it was created now. Who was there (`peer_ids`) defaults to the one logging."""
    # Whether the UUID is new is left to the database: a repeat fails to insert (or, when
    # something changed since, to pass the checks), and then the visit already logged is
    # returned. Asking first would cost every new visit a query.
    # No visit to a household that wants no contact (home-visit consent withdrawn).
    consent_require_contact(household)
    # Someone named twice was there once.
    peer_ids = list(dict.fromkeys(peer_ids or [recorded_by.pk]))
    try:
        visit = _checked_new_visit(
            household=household,
            client_uuid=client_uuid,
            kind=kind,
            duration_minutes=duration_minutes,
            started_at=started_at or timezone.now(),
            notes=notes,
            recorded_by=recorded_by,
        )
        with transaction.atomic():
            _save_new_visit(visit, peer_ids)
    except (ValidationError, IntegrityError):
        existing = Visit.objects.filter(client_uuid=client_uuid).first()
        if existing is None:
            raise
        return _same_visit_or_error(existing, household), False
    return visit, True


def _checked_new_visit(**fields) -> Visit:
    _check_started_at(fields["started_at"])
    visit = Visit(**fields)
    validate_new_record(visit, validate_unique=False)
    return visit


def _save_new_visit(visit: Visit, peer_ids: list[int]) -> None:
    """Save a new visit with who was there, and one history entry ("+") that names them.
    Saved plainly, simple-history would write a "+" without the peers and then a "~" when
    they are linked; so the visit is saved without its entry, linked, and then given it.
    Refuses, before writing anything, anyone named who is not in the household's team."""
    members = set(_team_members_among(visit.household, peer_ids))
    _refuse_peers_not_among(peer_ids, members, asked_by=visit.recorded_by)
    visit.save_without_historical_record()
    Visit.peers.through.objects.bulk_create(
        Visit.peers.through(visit=visit, user_id=user_id) for user_id in members
    )
    visit.peer_ids = sorted(members)  # the answer lists them: no need to read them back
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        VISIT_HISTORY.create_historical_record(visit, "+")


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
    peer_ids: list[int] | None = None,
    base_version: int | None = None,
) -> Visit:
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    guard_stale_edit(instance=visit, base_version=base_version, data=data, submitted_by=changed_by)
    if "started_at" in data:
        _check_started_at(data["started_at"])
    changed = apply_changes(visit, data, EDITABLE_FIELDS)
    if peer_ids is not None:
        peer_ids = list(dict.fromkeys(peer_ids))
        members = set(_team_members_among(visit.household, peer_ids))
        _refuse_peers_not_among(peer_ids, members, asked_by=changed_by)
        if set(peer_ids) != set(visit.peers.values_list("pk", flat=True)):
            visit.peers.set(peer_ids)
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
    new_wishes: list[dict] = (),
    new_checks: list[dict] = (),
    new_follow_ups: list[dict] = (),
    wish_changes: list[RecordChange] = (),
    check_changes: list[RecordChange] = (),
    follow_ups_done: list[RecordChange] = (),
    **visit_fields,
) -> VisitReport:
    """Log a visit with what came of it (new and changed wishes, provision checks and
    follow-ups) in one transaction: all of it or nothing. Idempotent on the client UUID: a
    resend (a phone coming back online, a double tap) returns the visit already logged and
    adds nothing. Changes made on a stale version are kept as conflicts, not applied.
    `visit_fields`: the rest of the visit, as visit_log takes it (client_uuid, kind, ...)."""
    with transaction.atomic():
        visit, created = visit_log(household=household, recorded_by=recorded_by, **visit_fields)
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
