"""What is sent, to whom and when: reminders, appreciation, group messages, peer reminders
and the household's own verdict. Every message goes through the outbox with a key that
makes planning it twice harmless; sending happens after the planning transaction commits."""

import re
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from notifications.models import (
    Activity,
    Attendance,
    Channel,
    Enrolment,
    EnrolmentRole,
    HouseholdVerdict,
    MessageKind,
    MessageTemplate,
    Participant,
    PeerChannel,
    PeerNotificationPreference,
    Session,
)
from notifications.selectors import regular_participant_ids
from notifications.services.outbox import message_enqueue, reminder_key
from notifications.text import (
    SegmentCount,
    check_length,
    check_not_sensitive,
    check_opt_out,
    check_placeholders,
    count_segments,
    longest_values,
    preview,
    render,
)
from notifications.wording import DEFAULT_TEXTS
from outreach.models import Consent, ConsentScope, Household, Team, User
from outreach.selectors.catalogue import sms_signature
from outreach.services.errors import field_error
from outreach.services.households import phone_normalised
from outreach.workflow import CLOSINGS_THAT_INVITE_A_SCORE, FollowUpStatus, HouseholdStatus


def dispatch_after_commit() -> None:
    """Send what was just planned once the planning is safely stored."""
    # Late: notifications.tasks imports this module for its jobs, so a top import is a cycle.
    from notifications.tasks import dispatch_due

    transaction.on_commit(lambda: dispatch_due.delay())


def template_text(*, team_id: int | None, kind: str, language: str) -> str:
    template = (
        MessageTemplate.objects.filter(team_id=team_id, kind=kind, language=language).first()
        if team_id
        else None
    )
    if template:
        return template.body
    texts = DEFAULT_TEXTS[kind]
    return texts.get(language) or texts["nl"]


@transaction.atomic
def template_save(*, team: Team, kind: str, language: str, body: str, by: User) -> MessageTemplate:
    """A coordinator's own wording; refused when it names poverty, debts, benefits or health,
    when it does not say how to stop (STOP), or when long names would make it longer than
    SMS_MAX_SEGMENTS."""
    if kind not in MessageKind.values:
        raise field_error("kind", _("Unknown kind of message."))
    if language not in ("nl", "en"):
        raise field_error("language", _("Choose Dutch or English."))
    if not body.strip():
        raise field_error("body", _("Write the text of the message."))
    check_placeholders(body)
    check_opt_out(body)
    check_not_sensitive(body)
    check_length(body, language, signature=sms_signature(team_id=team.pk).as_values())
    template, _created = MessageTemplate.objects.update_or_create(
        team=team, kind=kind, language=language, defaults={"body": body, "updated_by": by}
    )
    return template


@transaction.atomic
def template_reset(*, team: Team, kind: str, language: str) -> bool:
    """Back to the built-in text."""
    deleted, _rows = MessageTemplate.objects.filter(
        team=team, kind=kind, language=language
    ).delete()
    return bool(deleted)


def _session_values(session: Session, language: str) -> dict:
    starts = timezone.localtime(session.starts_at)
    with translation.override(language):
        day = formats.date_format(starts, "l j F")
    return {
        "activity": session.activity.name,
        "date": day,
        "time": starts.strftime("%H:%M"),
        "place": session.where,
    }


def _with_sms_consent(participants) -> list[Participant]:
    return [
        p
        for p in participants
        if p.phone
        and not p.sms_paused
        and any(c.withdrawn_at is None for c in p.sms_consents.all())
    ]


def reminders_plan(*, now: datetime | None = None) -> int:
    """Plan the reminders that are due: X hours (per activity) before each session, to its
    regular participants with SMS consent. A reminder expires when its session starts."""
    now = now or timezone.now()
    sessions = list(
        Session.objects.filter(
            cancelled=False,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(hours=168),
            activity__active=True,
        ).select_related("activity")
    )
    due = [
        s
        for s in sessions
        if s.starts_at - timedelta(hours=s.activity.reminder_hours_before) <= now
    ]
    if not due:
        return 0
    regulars = regular_participant_ids(activity_ids=list({s.activity_id for s in due}), now=now)
    wanted = set().union(*regulars.values()) if regulars else set()
    participants = {
        p.pk: p for p in Participant.objects.filter(pk__in=wanted).prefetch_related("sms_consents")
    }
    planned = 0
    signatures = {}
    with transaction.atomic():
        for session in due:
            team_id = session.activity.team_id
            if team_id not in signatures:
                signatures[team_id] = sms_signature(team_id=team_id).as_values()
            for participant in _with_sms_consent(
                participants[pk] for pk in regulars.get(session.activity_id, ())
            ):
                body = render(
                    template_text(
                        team_id=team_id,
                        kind=MessageKind.REMINDER,
                        language=participant.language,
                    ),
                    {
                        "name": participant.name.split()[0],
                        **_session_values(session, participant.language),
                        **signatures[team_id],
                    },
                    participant.language,
                )
                _message, created = message_enqueue(
                    idempotency_key=reminder_key(session, participant.pk),
                    kind=MessageKind.REMINDER,
                    to=participant.phone,
                    body=body,
                    language=participant.language,
                    send_after=now,
                    expires_at=session.starts_at,
                    team_id=session.activity.team_id,
                    participant=participant,
                    session=session,
                )
                planned += created
        if planned:
            dispatch_after_commit()
    return planned


def appreciation_after_session(*, session: Session) -> int:
    """Milestones (5th, 10th, ... time present) and thanks to organisers and volunteers."""
    activity = session.activity
    present_ids = list(
        Attendance.objects.filter(session=session, present=True).values_list(
            "participant_id", flat=True
        )
    )
    totals = dict(
        Attendance.objects.filter(
            session__activity=activity, participant_id__in=present_ids, present=True
        )
        .values("participant_id")
        .annotate(n=Count("id"))
        .values_list("participant_id", "n")
    )
    helpers = set(
        Enrolment.objects.filter(
            activity=activity,
            ended_at__isnull=True,
            participant_id__in=present_ids,
            role__in=(EnrolmentRole.ORGANISER, EnrolmentRole.VOLUNTEER),
        ).values_list("participant_id", flat=True)
    )
    participants = _with_sms_consent(
        Participant.objects.filter(pk__in=present_ids).prefetch_related("sms_consents")
    )
    planned = 0
    signature = sms_signature(team_id=activity.team_id).as_values()
    for participant in participants:
        values = {
            "name": participant.name.split()[0],
            **_session_values(session, participant.language),
            **signature,
        }
        count = totals.get(participant.pk, 0)
        if count in settings.SMS_MILESTONES:
            planned += _enqueue_for_participant(
                participant, activity, MessageKind.MILESTONE,
                f"milestone:{activity.pk}:{participant.pk}:{count}", {**values, "count": count},
            )  # fmt: skip
        if participant.pk in helpers:
            planned += _enqueue_for_participant(
                participant, activity, MessageKind.SESSION_THANKS,
                f"thanks:{session.pk}:{participant.pk}", values,
            )  # fmt: skip
    if planned:
        dispatch_after_commit()
    return planned


def _enqueue_for_participant(participant, activity, kind, key, values, text=None) -> bool:
    body = render(
        text or template_text(team_id=activity.team_id, kind=kind, language=participant.language),
        values,
        participant.language,
    )
    _message, created = message_enqueue(
        idempotency_key=key,
        kind=kind,
        to=participant.phone,
        body=body,
        language=participant.language,
        team_id=activity.team_id,
        participant=participant,
    )
    return created


def _group_recipients(activity: Activity) -> list[Participant]:
    return _with_sms_consent(
        Participant.objects.filter(enrolments__activity=activity, enrolments__ended_at__isnull=True)
        .prefetch_related("sms_consents")
        .distinct()
    )


def _group_values(participant: Participant, activity: Activity, signature: dict) -> dict:
    return {"name": participant.name.split()[0], "activity": activity.name, **signature}


def group_message_preview(*, activity: Activity, body: str) -> tuple[SegmentCount, dict, str]:
    """The length of a group message as it goes out: the longest of the messages its current
    recipients would get (their names filled in, the opt-out line in their language), or,
    with nobody to send to, the longest it can be. With the values and language of that
    message, so that the composer's live count can fill in the same."""
    candidates = []
    signature = sms_signature(team_id=activity.team_id).as_values()
    for participant in _group_recipients(activity):
        values = _group_values(participant, activity, signature)
        count = count_segments(render(body, values, participant.language))
        candidates.append((count, values, participant.language))
    if not candidates:
        return preview(body, signature=signature), {**longest_values(), **signature}, "nl"
    return max(candidates, key=lambda c: (c[0].segments, c[0].characters, c[0].encoding))


GROUP_MESSAGE_KEY = re.compile(r"^[A-Za-z0-9_-]{8,40}$")


@transaction.atomic
def group_message_send(*, activity: Activity, body: str, by: User, key: str = "") -> int:
    """A coordinator's own message to everyone enrolled in the group who accepts texts.
    The composer sends a key made when the form opened: pressing Send twice (or a resent
    request) plans nothing more."""
    if not body.strip():
        raise field_error("body", _("Write the text of the message."))
    if key and not GROUP_MESSAGE_KEY.match(key):
        raise field_error("key", _("Use 8 to 40 letters, digits, - or _."))
    check_placeholders(body)
    check_not_sensitive(body)
    signature = sms_signature(team_id=activity.team_id).as_values()
    check_length(body, signature=signature)
    batch = f"{activity.pk}:{key or uuid.uuid4().hex[:12]}"
    planned = 0
    for participant in _group_recipients(activity):
        values = _group_values(participant, activity, signature)
        planned += _enqueue_for_participant(
            participant, activity, MessageKind.GROUP_MESSAGE,
            f"group:{batch}:{participant.pk}", values, text=body,
        )  # fmt: skip
    if planned:
        dispatch_after_commit()
    return planned


@transaction.atomic
def preference_set(*, user: User, channel: str, phone: str = "") -> PeerNotificationPreference:
    if channel not in PeerChannel.values:
        raise field_error("channel", _("Choose text message, e-mail or no reminders."))
    if channel == PeerChannel.SMS:
        if not phone:
            raise field_error("phone", _("Add a mobile number for text messages."))
        phone = phone_normalised({"phone": phone})["phone"]
    if channel == PeerChannel.EMAIL and not user.email:
        raise field_error("channel", _("Your account has no e-mail address."))
    preference, _created = PeerNotificationPreference.objects.update_or_create(
        user=user, defaults={"channel": channel, "phone": phone}
    )
    return preference


def peers_remind_overdue(*, today=None) -> int:
    """Once a day, tell each peer who asked for it how many follow-ups are overdue. The
    message names no household."""
    today = today or timezone.localdate()
    preferences = (
        PeerNotificationPreference.objects.exclude(channel=PeerChannel.NONE)
        .annotate(
            overdue=Count(
                "user__follow_ups",
                filter=Q(
                    user__follow_ups__status=FollowUpStatus.OPEN,
                    user__follow_ups__due_date__lt=today,
                ),
            )
        )
        .filter(overdue__gt=0)
        .select_related("user")
    )
    planned = 0
    with transaction.atomic():
        for preference in preferences:
            user = preference.user
            team_id = user.memberships.current().values_list("team_id", flat=True).first()
            body = render(
                template_text(team_id=team_id, kind=MessageKind.PEER_OVERDUE, language="nl"),
                {
                    "name": user.first_name or user.username,
                    "count": preference.overdue,
                    **sms_signature(team_id=team_id).as_values(),
                },
            )
            _message, created = message_enqueue(
                idempotency_key=f"overdue:{user.pk}:{today.isoformat()}",
                kind=MessageKind.PEER_OVERDUE,
                channel=Channel.SMS if preference.channel == PeerChannel.SMS else Channel.EMAIL,
                to=preference.phone if preference.channel == PeerChannel.SMS else user.email,
                body=body,
                team_id=team_id,
                user=user,
            )
            planned += created
        if planned:
            dispatch_after_commit()
    return planned


@transaction.atomic
def verdict_request_on_close(*, household_id: int, reason: str) -> HouseholdVerdict | None:
    """When a case closes with SMS consent after a closing that invites it, ask the
    household to rate the help 1-10 (once), unless its municipality chose not to ask."""
    if reason not in CLOSINGS_THAT_INVITE_A_SCORE:
        return None
    household = Household.objects.filter(pk=household_id, status=HouseholdStatus.CLOSED).first()
    if household is None or not household.phone:
        return None
    if not Team.objects.filter(
        pk=household.team_id, municipality__sms_score_requests=True
    ).exists():
        # The municipality chose not to ask its households for a score.
        return None
    standing = set(
        Consent.objects.standing()
        .filter(household=household, scope__in=[ConsentScope.SMS, ConsentScope.HOME_VISITS])
        .values_list("scope", flat=True)
    )
    # A household that said no to contact (home-visit consent withdrawn) is not nudged again.
    if standing != {ConsentScope.SMS, ConsentScope.HOME_VISITS}:
        return None
    verdict, created = HouseholdVerdict.objects.get_or_create(
        household=household, defaults={"phone": household.phone}
    )
    if not created:
        return verdict
    body = render(
        template_text(team_id=household.team_id, kind=MessageKind.VERDICT_REQUEST, language="nl"),
        {
            "name": household.contact_name.split()[0] if household.contact_name else "",
            **sms_signature(team_id=household.team_id).as_values(),
        },
    )
    message_enqueue(
        idempotency_key=f"verdict:{household.pk}",
        kind=MessageKind.VERDICT_REQUEST,
        to=household.phone,
        body=body,
        team_id=household.team_id,
        household=household,
    )
    dispatch_after_commit()
    return verdict
