"""Writes of activities, sessions, participants, enrolment and attendance."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import (
    Activity,
    Attendance,
    Enrolment,
    InboundMessage,
    Participant,
    ParticipantConsent,
    PhoneOptOut,
    Session,
    WishFulfilment,
)
from notifications.services.consent import participant_consent_give
from notifications.services.planning import appreciation_after_session
from outreach.models import (
    ConsentScope,
    ErasureRecord,
    ErasureSubject,
    ParticipationWish,
    Role,
    Team,
    TeamMembership,
    User,
)
from outreach.selectors.catalogue import current_consent_text
from outreach.services.errors import apply_changes, field_error
from outreach.services.households import phone_normalised
from outreach.workflow import WishStatus

ACTIVITY_FIELDS = (
    "name", "place", "description", "organiser", "started_by_residents", "regular_min_present",
    "regular_window", "reminder_hours_before", "active",
)  # fmt: skip
SESSION_FIELDS = ("starts_at", "ends_at", "place", "cancelled")
PARTICIPANT_FIELDS = ("name", "phone", "household", "language", "sms_paused")


def _save(instance) -> None:
    instance.full_clean()
    instance.save()


def _check_organiser(activity: Activity) -> None:
    """The organiser is a peer or coordinator in a team of the activity's municipality. The
    answer names nobody: whoever is outside it does not exist for the one asking."""
    if activity.organiser_id is None:
        return
    in_municipality = TeamMembership.objects.current().filter(
        user_id=activity.organiser_id,
        user__is_active=True,
        user__role__in=(Role.PEER, Role.COORDINATOR),
        team__municipality_id=activity.team.municipality_id,
    )
    if not in_municipality.exists():
        raise field_error(
            "organiser",
            _("Choose as organiser a peer or coordinator of a team in this municipality."),
            code="other_municipality",
        )


@transaction.atomic
def activity_create(*, team: Team, created_by: User, data: dict) -> Activity:
    activity = Activity(team=team)
    apply_changes(activity, data, ACTIVITY_FIELDS)
    _check_organiser(activity)
    _save(activity)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, data: dict) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if "organiser" in apply_changes(activity, data, ACTIVITY_FIELDS):
        _check_organiser(activity)
    _save(activity)
    return activity


@transaction.atomic
def session_create(*, activity: Activity, data: dict) -> Session:
    session = Session(activity=activity)
    apply_changes(session, data, SESSION_FIELDS)
    _save(session)
    return session


@transaction.atomic
def session_update(*, session: Session, data: dict) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    apply_changes(session, data, SESSION_FIELDS)
    _save(session)
    return session


@transaction.atomic
def participant_create(*, team: Team, data: dict) -> Participant:
    data = phone_normalised(data)
    household = data.get("household")
    if household is not None and household.team_id != team.pk:
        raise field_error("household", _("This household belongs to another team."))
    participant = Participant(team=team)
    apply_changes(participant, data, PARTICIPANT_FIELDS)
    _save(participant)
    return participant


@transaction.atomic
def participant_update(*, participant: Participant, data: dict) -> Participant:
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    apply_changes(participant, phone_normalised(data), PARTICIPANT_FIELDS)
    _save(participant)
    return participant


@transaction.atomic
def enrolment_create(
    *, activity: Activity, participant: Participant, role: str, is_regular: bool
) -> Enrolment:
    if participant.team_id != activity.team_id:
        raise field_error("participant", _("This participant belongs to another team."))
    current = Enrolment.objects.filter(
        activity=activity, participant=participant, ended_at__isnull=True
    ).first()
    if current:
        current.role, current.is_regular = role, is_regular
        _save(current)
        return current
    enrolment = Enrolment(activity=activity, participant=participant, role=role)
    enrolment.is_regular = is_regular
    _save(enrolment)
    return enrolment


@transaction.atomic
def enrolment_end(*, enrolment: Enrolment) -> Enrolment:
    enrolment.ended_at = timezone.now()
    enrolment.save(update_fields=["ended_at"])
    return enrolment


@transaction.atomic
def attendance_record(
    *, session: Session, present_ids: list[int], absent_ids: list[int], recorded_by: User
) -> list[Attendance]:
    """Record who came. Afterwards milestones and thanks to helpers are planned (their
    messages go out through the outbox, after this transaction commits)."""
    session = Session.objects.select_for_update().select_related("activity").get(pk=session.pk)
    if session.starts_at > timezone.now():
        raise field_error("session", _("Attendance can be recorded once the session started."))
    if session.cancelled:
        raise field_error("session", _("This session was cancelled."))
    team_participants = set(
        Participant.objects.filter(
            team_id=session.activity.team_id, pk__in=[*present_ids, *absent_ids]
        ).values_list("pk", flat=True)
    )
    if (set(present_ids) | set(absent_ids)) - team_participants:
        raise field_error("present", _("Unknown participant."), code="does_not_exist")
    if set(present_ids) & set(absent_ids):
        raise field_error("present", _("Someone cannot be both present and absent."))
    records = []
    for participant_id, present in [(p, True) for p in present_ids] + [
        (p, False) for p in absent_ids
    ]:
        attendance, _created = Attendance.objects.update_or_create(
            session=session,
            participant_id=participant_id,
            defaults={"present": present, "recorded_by": recorded_by},
        )
        records.append(attendance)
    session.attendance_recorded_at = timezone.now()
    session.save(update_fields=["attendance_recorded_at"])
    appreciation_after_session(session=session)
    return records


@transaction.atomic
def wish_link_activity(*, wish: ParticipationWish, activity: Activity, by: User) -> WishFulfilment:
    """The wish is realised by taking part in this activity."""
    if wish.household.team_id != activity.team_id:
        raise field_error("activity", _("This activity belongs to another team."))
    fulfilment, _created = WishFulfilment.objects.update_or_create(
        wish=wish, defaults={"activity": activity, "linked_by": by}
    )
    if wish.status != WishStatus.REALISED:
        wish.status = WishStatus.REALISED
        wish.status_changed_on = timezone.localdate()
        wish.version += 1
        wish.save()
    return fulfilment


@transaction.atomic
def participant_erase(*, participant: Participant, erased_by: User | None = None) -> None:
    """Erase a participant and everything about them: enrolments, attendance, consents,
    messages, opt-out records of their number, and the history tables of all of it. An
    erasure record says that a participant was erased, by whom, not who."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    owned = {
        Enrolment: list(participant.enrolments.values_list("pk", flat=True)),
        Attendance: list(participant.attendances.values_list("pk", flat=True)),
        ParticipantConsent: list(participant.sms_consents.values_list("pk", flat=True)),
    }
    phone, participant_id = participant.phone, participant.pk
    participant.delete()  # enrolments, attendance, consents and messages by cascade
    for model, ids in owned.items():
        model.history.filter(id__in=ids).delete()
    Participant.history.filter(id=participant_id).delete()
    # The admin's change log names objects by str(): the participant's name.
    named = {**owned, Participant: [participant_id]}
    content_types = ContentType.objects.get_for_models(*named)  # one query for all
    for model, ids in named.items():
        LogEntry.objects.filter(
            content_type=content_types[model],
            object_id__in=[str(pk) for pk in ids],
        ).update(object_repr="", change_message="")
    if phone and not Participant.objects.filter(phone=phone).exists():
        InboundMessage.objects.filter(from_phone=phone).delete()
        PhoneOptOut.objects.filter(phone=phone).exclude(opted_in_at__isnull=True).delete()
    ErasureRecord.objects.create(
        subject=ErasureSubject.PARTICIPANT, erased_by=erased_by, reason="request"
    )


@transaction.atomic
def participant_enrol(
    *,
    activity: Activity,
    participant: Participant | None,
    data: dict,
    role: str,
    is_regular: bool,
    sms_consent_method: str,
    recorded_by: User,
) -> Participant:
    """Add someone to an activity, or change their details and how they take part in it,
    with their consent for text messages when they gave it (method given), recorded against
    the text version they were shown. All or nothing."""
    if participant is None:
        participant = participant_create(team=activity.team, data=data)
    else:
        participant = participant_update(participant=participant, data=data)
    enrolment_create(activity=activity, participant=participant, role=role, is_regular=is_regular)
    if sms_consent_method:
        text = current_consent_text(
            scope=ConsentScope.SMS, municipality_id=activity.team.municipality_id
        )
        if text is None:
            raise field_error(
                "sms_consent",
                _("No text for consent to text messages is published yet. Ask the administrator."),
            )
        participant_consent_give(
            participant=participant,
            method=sms_consent_method,
            text_version=text.version,
            recorded_by=recorded_by,
        )
    return participant
