"""Reads of activities and messages. Each list loads what it shows in a fixed number of
queries; regular participants are computed here, never typed in."""

from collections import defaultdict
from datetime import datetime

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncMonth
from django.utils import timezone

from notifications.models import (
    Activity,
    Attendance,
    Enrolment,
    HouseholdSmsPause,
    HouseholdVerdict,
    Language,
    MessageKind,
    MessageTemplate,
    OutboxMessage,
    OutboxStatus,
    Participant,
    ParticipantConsent,
    PhoneOptOut,
    Session,
)
from notifications.scopes import (
    activities_visible_to,
    outbox_visible_to,
    participants_visible_to,
    sessions_visible_to,
    templates_visible_to,
)
from notifications.wording import DEFAULT_TEXTS
from outreach.models import Consent, ConsentScope, Household, Team, User
from outreach.querysets import coordinated_team_ids, teams_visible_to
from outreach.selectors.catalogue import SmsSignature, sms_signature

DELIVERED = (OutboxStatus.DELIVERED,)
WENT_OUT = (OutboxStatus.SENT, OutboxStatus.DELIVERED, OutboxStatus.UNDELIVERED)


def regular_participant_ids(
    *, activity_ids: list[int], now: datetime | None = None
) -> dict[int, set[int]]:
    """Per activity: who is regular, i.e. enrolled as regular, or present at least M of the
    last N sessions held (M and N per activity). Someone who left the group (enrolment
    ended, none current) is not, however often they came. Three queries, whatever the
    number of activities."""
    now = now or timezone.now()
    recent = (
        Session.objects.filter(activity_id__in=activity_ids, cancelled=False, starts_at__lt=now)
        .annotate(
            recency=Window(
                RowNumber(), partition_by=[F("activity_id")], order_by=F("starts_at").desc()
            )
        )
        .filter(recency__lte=F("activity__regular_window"))
        .values_list("id", flat=True)
    )
    enrolment = Enrolment.objects.filter(
        activity_id=OuterRef("session__activity_id"), participant_id=OuterRef("participant_id")
    )
    presences = (
        Attendance.objects.filter(session_id__in=list(recent), present=True)
        .filter(
            ~Exists(enrolment.filter(ended_at__isnull=False))
            | Exists(enrolment.filter(ended_at__isnull=True))
        )
        .values("session__activity_id", "participant_id", "session__activity__regular_min_present")
        .annotate(times=Count("id"))
    )
    regulars: dict[int, set[int]] = defaultdict(set)
    for row in presences:
        if row["times"] >= row["session__activity__regular_min_present"]:
            regulars[row["session__activity_id"]].add(row["participant_id"])
    enrolled = Enrolment.objects.filter(
        activity_id__in=activity_ids, ended_at__isnull=True, is_regular=True
    ).values_list("activity_id", "participant_id")
    for activity_id, participant_id in enrolled:
        regulars[activity_id].add(participant_id)
    return {activity_id: regulars.get(activity_id, set()) for activity_id in activity_ids}


def activity_list(*, user: User) -> QuerySet[Activity]:
    next_session = Session.objects.filter(
        activity=OuterRef("pk"), cancelled=False, starts_at__gte=timezone.now()
    ).order_by("starts_at")
    enrolled = (
        Enrolment.objects.filter(activity=OuterRef("pk"), ended_at__isnull=True)
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        activities_visible_to(user)
        .select_related("team", "organiser")
        .annotate(
            next_session_at=Subquery(next_session.values("starts_at")[:1]),
            enrolled_count=Coalesce(Subquery(enrolled, output_field=IntegerField()), 0),
        )
    )


def session_list(*, user: User) -> QuerySet[Session]:
    return (
        sessions_visible_to(user)
        .select_related("activity")
        .annotate(present_count=Count("attendances", filter=Q(attendances__present=True)))
        .order_by("starts_at", "id")
    )


def participant_list(*, user: User) -> QuerySet[Participant]:
    return participants_visible_to(user).prefetch_related(
        Prefetch(
            "sms_consents",
            queryset=ParticipantConsent.objects.filter(withdrawn_at__isnull=True),
            to_attr="standing_consents",
        )
    )


def enrolment_list(*, user: User) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(
        activity__in=activities_visible_to(user).values("pk")
    ).select_related("participant", "activity")


def outbox_list(*, user: User) -> QuerySet[OutboxMessage]:
    return outbox_visible_to(user).select_related("team")


def template_list(*, user: User) -> QuerySet[MessageTemplate]:
    return templates_visible_to(user).select_related("team")


# The texts a team can word itself. A group message is written whole in the composer; the
# answer to HELP goes out before anyone knows which team the sender belongs to.
EDITABLE_KINDS = [
    kind for kind in MessageKind if kind not in (MessageKind.GROUP_MESSAGE, MessageKind.HELP_REPLY)
]


def coordinated_teams(*, user: User) -> QuerySet[Team]:
    return teams_visible_to(user).filter(pk__in=coordinated_team_ids(user)).order_by("name")


def template_texts(*, team: Team) -> list[dict]:
    """Every editable text of the team, per language: its own wording or the built-in one."""
    own = {
        (t.kind, t.language): t
        for t in MessageTemplate.objects.filter(team=team).select_related("updated_by")
    }
    rows = []
    for kind in EDITABLE_KINDS:
        for language, _label in Language.choices:
            template = own.get((kind, language))
            rows.append(
                {
                    "kind": kind,
                    "kind_label": kind.label,
                    "language": language,
                    "body": template.body if template else DEFAULT_TEXTS[kind][language],
                    "own": template,
                }
            )
    return rows


def outbox_summary(*, user: User) -> list[dict]:
    """Per month: messages that went out, delivered share, failures, cost; and opt-outs."""
    rows = (
        outbox_list(user=user)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            went_out=Count("id", filter=Q(status__in=WENT_OUT)),
            delivered=Count("id", filter=Q(status__in=DELIVERED)),
            failed=Count("id", filter=Q(status=OutboxStatus.FAILED)),
            cancelled=Count("id", filter=Q(status=OutboxStatus.CANCELLED)),
            waiting=Count("id", filter=Q(status__in=(OutboxStatus.QUEUED, OutboxStatus.UNKNOWN))),
            cost=Sum("price"),
        )
        .order_by("-month")
    )
    opt_outs = (
        PhoneOptOut.objects.filter(phone__in=outbox_list(user=user).values("to"))
        .annotate(month=TruncMonth("opted_out_at"))
        .values("month")
        .annotate(n=Count("id"))
    )
    opt_outs_by_month = {row["month"]: row["n"] for row in opt_outs}
    # The households' own scores, asked by text when their case closed: counts and average.
    verdicts = (
        HouseholdVerdict.objects.filter(
            household__team_id__in=outbox_list(user=user).values("team_id")
        )
        .annotate(month=TruncMonth("asked_at"))
        .values("month")
        .annotate(
            asked=Count("id"),
            answered=Count("id", filter=Q(score__isnull=False)),
            average=Avg("score"),
        )
    )
    verdicts_by_month = {row["month"]: row for row in verdicts}
    summary = []
    for row in rows:
        verdict = verdicts_by_month.get(row["month"], {})
        row["verdicts_asked"] = verdict.get("asked", 0)
        row["verdicts_answered"] = verdict.get("answered", 0)
        average = verdict.get("average")
        row["verdict_average"] = round(average, 1) if average is not None else None
        row["delivery_rate"] = (
            round(100 * row["delivered"] / row["went_out"]) if row["went_out"] else None
        )
        row["opt_outs"] = opt_outs_by_month.get(row["month"], 0)
        summary.append(row)
    return summary


def household_sms_state(*, household: Household) -> dict:
    """What a case worker sees about texts to one household: consent, pause, STOP, and the
    household's own score when it was asked (the peer's score is on the case itself)."""
    verdict = HouseholdVerdict.objects.filter(household=household).first()
    return {
        "household": household.pk,
        "sms_consent": Consent.objects.standing()
        .filter(household=household, scope=ConsentScope.SMS)
        .exists(),
        "paused": HouseholdSmsPause.objects.filter(household=household).exists(),
        "opted_out": bool(household.phone)
        and PhoneOptOut.objects.filter(phone=household.phone, opted_in_at__isnull=True).exists(),
        "own_verdict": verdict
        and {
            "score": verdict.score,
            "asked_at": verdict.asked_at,
            "retried_at": verdict.retried_at,
            "answered_at": verdict.answered_at,
        },
    }


def sms_signature_for(*, user: User, team: Team | None = None) -> SmsSignature:
    """The sign-off a text of this caller goes out with: the team's municipality's when a
    team is named, else that of the caller's teams when they all lie in one municipality,
    else the deployment's."""
    if team is None:
        municipality_ids = set(teams_visible_to(user).values_list("municipality_id", flat=True))
        if len(municipality_ids) == 1:
            team = teams_visible_to(user).first()
    return sms_signature(team_id=team.pk if team else None)
