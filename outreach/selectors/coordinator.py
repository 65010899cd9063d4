"""Reads for the coordinator workspace. Each starts from what the user may see
(querysets.py) and costs a fixed number of queries, however many peers or cases there are."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from outreach.models import (
    Assignment,
    EditConflict,
    FollowUp,
    Household,
    ParticipationWish,
    PeerDecline,
    ProvisionCheck,
    ProvisionOutcome,
    Role,
    Signal,
    SignalAnswer,
    SignalStatus,
    Team,
    TeamMembership,
    User,
    Visit,
    VolunteerMonth,
)
from outreach.querysets import (
    coordinated_team_ids,
    declines_visible_to,
    signals_visible_to,
    visible_to,
)
from outreach.selectors.areas import area_name
from outreach.selectors.cases import OPEN_WISH_STATUSES, current_assignments
from outreach.workflow import FollowUpStatus, HouseholdStatus

OPEN_STATUSES = (HouseholdStatus.NEW, HouseholdStatus.ACTIVE)
# What a user's name on a board (User.__str__) is made of.
USER_NAME_FIELDS = ("username", "first_name", "last_name")
INTAKE_BOARD_FIELDS = (
    "reference", "status", "contact_name", "neighbourhood_code", "referral_source", "created_at"
)  # fmt: skip
OVERDUE_BOARD_FIELDS = (
    "household", "description", "due_date", "responsible", "household__reference",
    *(f"responsible__{name}" for name in USER_NAME_FIELDS),
)  # fmt: skip


def _count(queryset: models.QuerySet) -> Coalesce:
    counted = queryset.order_by().annotate(group=models.Value(1)).values("group")
    counted = counted.annotate(count=models.Count("pk")).values("count")
    return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)


def _last_visit_of_household() -> models.Subquery:
    latest = Visit.objects.filter(household=models.OuterRef("pk")).order_by("-started_at")
    return models.Subquery(latest.values("started_at")[:1], output_field=models.DateTimeField())


# --- Intake and assignment ---


def intake_queue(*, user: User) -> models.QuerySet[Household]:
    """Open cases of the user's teams without a lead peer, oldest first."""
    has_lead = Assignment.objects.current().filter(household=models.OuterRef("pk"))
    return (
        visible_to(user, Household)
        .filter(status__in=OPEN_STATUSES)
        .exclude(models.Exists(has_lead))
        .select_related("team", "registered_by")
        .annotate(neighbourhood_name=area_name("neighbourhood_code", "neighbourhood_year"))
        .order_by("created_at", "pk")
    )


def intake_board(*, user: User) -> models.QuerySet[Household]:
    """intake_queue with only what the intake board shows of each household (100 rows: 3.8
    ms of CPU to load against 6.2 ms with every column, the team and the registrar)."""
    return intake_queue(user=user).select_related(None).only(*INTAKE_BOARD_FIELDS)


def waiting_days(household: Household, *, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return (today - timezone.localtime(household.created_at).date()).days


@dataclass
class Suggestion:
    peer: User
    open_cases: int
    cases_in_neighbourhood: int
    cases_in_district: int

    @property
    def nearby(self) -> bool:
        return bool(self.cases_in_neighbourhood or self.cases_in_district)


@dataclass
class Suggestions:
    suggested: list[Suggestion]
    declined: list[PeerDecline] = field(default_factory=list)
    assignable: list[User] = field(default_factory=list)


def peer_suggestions(*, household: Household, limit: int = 5) -> Suggestions:
    """Peers of the household's team who could take it: those who already visit in the same
    neighbourhood (or district) first, then the least busy. Never a peer the household
    declined; those are listed apart, with the reason, so the coordinator knows why.
    `assignable` holds every peer who can be chosen (the full list, not only the best)."""
    declined = list(
        PeerDecline.objects.filter(household=household).select_related("peer").order_by("pk")
    )
    open_assignments = Assignment.objects.current().filter(
        household__status__in=OPEN_STATUSES, household__team_id=household.team_id
    )
    mine = models.Q(lead=models.OuterRef("pk")) | models.Q(buddy=models.OuterRef("pk"))
    code = household.neighbourhood_code
    in_neighbourhood = open_assignments.filter(mine, household__neighbourhood_code=code)
    in_district = open_assignments.filter(mine, household__neighbourhood_code__startswith=code[:8])
    members = TeamMembership.objects.instructed().filter(team_id=household.team_id)
    candidates = (
        User.objects.filter(role=Role.PEER, is_active=True, pk__in=members.values("user_id"))
        .exclude(pk__in=[decline.peer_id for decline in declined])
        .annotate(
            open_cases=_count(open_assignments.filter(mine)),
            cases_in_neighbourhood=_count(in_neighbourhood) if code else models.Value(0),
            cases_in_district=_count(in_district) if code else models.Value(0),
        )
        .annotate(
            nearness=models.Case(
                models.When(cases_in_neighbourhood__gt=0, then=models.Value(2)),
                models.When(cases_in_district__gt=0, then=models.Value(1)),
                default=models.Value(0),
                output_field=models.IntegerField(),
            )
        )
        .order_by("-nearness", "open_cases", "username")
    )
    suggested = [
        Suggestion(
            peer=peer,
            open_cases=peer.open_cases,
            cases_in_neighbourhood=peer.cases_in_neighbourhood,
            cases_in_district=peer.cases_in_district,
        )
        for peer in candidates[:limit]
    ]
    assignable = list(assignable_peers(household=household))
    return Suggestions(suggested=suggested, declined=declined, assignable=assignable)


@dataclass
class CaseSummary:
    """What a coordinator needs to know of a household before choosing its peer."""

    open_wishes: list[ParticipationWish]
    open_checks: list[ProvisionCheck]
    last_visit_at: datetime | None


# A check whose non-use is still to be resolved: the peer helps the household apply.
OPEN_CHECK_OUTCOMES = (ProvisionOutcome.NON_USE_FOUND, ProvisionOutcome.APPLICATION_IN_PROGRESS)


def case_summary(*, household: Household) -> CaseSummary:
    """Three queries whatever the size of the case."""
    return CaseSummary(
        open_wishes=list(
            household.wishes.filter(status__in=OPEN_WISH_STATUSES)
            .select_related("member")
            .order_by("articulated_on", "pk")
        ),
        open_checks=list(
            household.provision_checks.filter(outcome__in=OPEN_CHECK_OUTCOMES)
            .select_related("provision")
            .order_by("checked_on", "pk")
        ),
        last_visit_at=household.visits.order_by("-started_at")
        .values_list("started_at", flat=True)
        .first(),
    )


def team_peers(*, household: Household) -> models.QuerySet[User]:
    """The peers (role peer, active, current members) of the household's team: the only
    people who may lead it or be its buddy. Coordinators are not among them."""
    members = TeamMembership.objects.instructed().filter(team_id=household.team_id)
    return User.objects.filter(
        role=Role.PEER, is_active=True, pk__in=members.values("user_id")
    ).order_by("username")


def assignable_peers(*, household: Household) -> models.QuerySet[User]:
    """The team's peers the household has not declined: who can be chosen as lead or buddy."""
    return team_peers(household=household).exclude(
        pk__in=PeerDecline.objects.filter(household=household).values("peer_id")
    )


def decline_list(*, user: User) -> models.QuerySet[PeerDecline]:
    return declines_visible_to(user).select_related("household", "peer", "recorded_by")


def team_members(
    *, user: User, team: Team | None = None, peers_only: bool = False
) -> models.QuerySet[User]:
    """Current members of the teams the user coordinates (or of one of them); with
    `peers_only`, only those who can take cases (role peer)."""
    team_ids = [team.pk] if team is not None else coordinated_team_ids(user)
    members = TeamMembership.objects.current().filter(team_id__in=team_ids)
    users = User.objects.filter(pk__in=members.values("user_id"), is_active=True)
    if peers_only:
        users = users.filter(role=Role.PEER)
    return users.order_by("role", "username")


def open_cases_of(*, user: User, peer: User) -> models.QuerySet[Household]:
    """The open cases of one peer (lead or buddy) within what the user may see."""
    current = Assignment.objects.current().filter(models.Q(lead=peer) | models.Q(buddy=peer))
    return (
        visible_to(user, Household)
        .filter(status__in=OPEN_STATUSES, pk__in=current.values("household_id"))
        .prefetch_related(current_assignments())
        .annotate(last_visit_at=_last_visit_of_household())
        .order_by("reference")
    )


# --- Workload and follow-ups ---


def workload(*, user: User, now: datetime | None = None) -> list[User]:
    """Per peer of the user's teams: open cases (lead or buddy), visits in the last 30 days,
    overdue follow-ups and the moment of their last visit. Three queries, whatever the team
    size: the peers, the lead and buddy of each open case, and the team's visits counted per
    peer in one pass. (A subquery per peer walked all the team's visits once for every peer:
    55 ms in PostgreSQL for the largest team of the national data set, against 7 ms.)"""
    now = now or timezone.now()
    today = timezone.localdate(now)
    team_ids = coordinated_team_ids(user)
    overdue = FollowUp.objects.filter(
        responsible=models.OuterRef("pk"),
        status=FollowUpStatus.OPEN,
        due_date__lt=today,
        household__team_id__in=team_ids,
    )
    members = TeamMembership.objects.current().filter(team_id__in=team_ids)
    peers = list(
        User.objects.filter(role=Role.PEER, is_active=True, pk__in=members.values("user_id"))
        .annotate(overdue_follow_ups=_count(overdue))
        .order_by("username")
    )
    if not peers:
        return peers
    open_cases, leading = Counter(), Counter()
    for lead_id, buddy_id in (
        Assignment.objects.current()
        .filter(household__status__in=OPEN_STATUSES, household__team_id__in=team_ids)
        .values_list("lead_id", "buddy_id")
    ):
        leading[lead_id] += 1
        open_cases[lead_id] += 1
        if buddy_id is not None:
            open_cases[buddy_id] += 1
    visits = {
        row["user_id"]: row
        for row in Visit.peers.through.objects.filter(
            visit__household__team_id__in=team_ids, user_id__in=[peer.pk for peer in peers]
        )
        .values("user_id")
        .annotate(
            recent=models.Count("pk", filter=models.Q(visit__started_at__gte=now - timedelta(30))),
            last=models.Max("visit__started_at"),
        )
    }
    for peer in peers:
        peer_visits = visits.get(peer.pk, {})
        peer.open_cases = open_cases[peer.pk]
        peer.leading = leading[peer.pk]
        peer.visits_last_30_days = peer_visits.get("recent", 0)
        peer.last_visit_at = peer_visits.get("last")
    return peers


def no_visit_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(weeks=settings.COORDINATOR_NO_VISIT_WEEKS)


def open_cases_by_last_visit(*, user: User) -> models.QuerySet[Household]:
    """Every open, assigned case of the user's teams with the moment of its last visit and
    the ids of its current lead and buddy (`current_lead_id`, `current_buddy_id`), longest
    without a visit first (never visited counts from registration)."""
    current = Assignment.objects.current().filter(household=models.OuterRef("pk")).order_by()
    return (
        visible_to(user, Household)
        .filter(status__in=OPEN_STATUSES)
        .annotate(
            current_lead_id=models.Subquery(current.values("lead_id")),
            current_buddy_id=models.Subquery(current.values("buddy_id")),
        )
        .filter(current_lead_id__isnull=False)
        .annotate(last_visit_at=_last_visit_of_household())
        .annotate(last_contact_at=Coalesce("last_visit_at", "created_at"))
        .order_by("last_contact_at", "reference")
    )


def open_cases_board(*, user: User) -> list[Household]:
    """open_cases_by_last_visit as the workload board shows it: the reference, and the names
    of the lead and buddy (`current_lead`, `current_buddy`, None for no buddy). Two queries:
    the peers are the team's few, each loaded once, where prefetching each case's assignment
    with its peers made three objects a row (this way the board's cases cost 7.5 ms of CPU
    against 13 ms, in process on the national data set)."""
    cases = list(open_cases_by_last_visit(user=user).only("reference", "created_at"))
    peer_ids = {case.current_lead_id for case in cases} | {
        case.current_buddy_id for case in cases if case.current_buddy_id is not None
    }
    peers = User.objects.only(*USER_NAME_FIELDS).in_bulk(peer_ids)
    for case in cases:
        case.current_lead = peers[case.current_lead_id]
        case.current_buddy = peers.get(case.current_buddy_id)
    return cases


def days_since(moment: datetime | None, *, today: date | None = None) -> int | None:
    if moment is None:
        return None
    today = today or timezone.localdate()
    return (today - timezone.localtime(moment).date()).days


def overdue_board(*, user: User, today: date | None = None) -> models.QuerySet[FollowUp]:
    """Open follow-ups past their due date across the user's teams, oldest first, with what
    the board and the API show of them: the case's reference and the responsible peer's name
    (100 rows: 4.8 ms of CPU to load against 8.7 ms with every column of both)."""
    today = today or timezone.localdate()
    return (
        visible_to(user, FollowUp)
        .filter(status=FollowUpStatus.OPEN, due_date__lt=today)
        .select_related("household", "responsible")
        .only(*OVERDUE_BOARD_FIELDS)
        .order_by("due_date", "pk")
    )


def is_escalated(follow_up: FollowUp, *, today: date | None = None) -> bool:
    """Overdue by more than the escalation period: the coordinator takes it up."""
    return days_overdue(follow_up, today=today) > settings.COORDINATOR_ESCALATION_DAYS


def days_overdue(follow_up: FollowUp, *, today: date | None = None) -> int:
    return ((today or timezone.localdate()) - follow_up.due_date).days


def open_conflicts(*, user: User) -> models.QuerySet[EditConflict]:
    return (
        visible_to(user, EditConflict)
        .filter(resolved_at__isnull=True)
        .select_related("household", "submitted_by")
        .order_by("created_at")
    )


# --- Signals ---


def signal_list(*, user: User) -> models.QuerySet[Signal]:
    return (
        signals_visible_to(user)
        .select_related("team", "theme", "recorded_by", "reviewed_by")
        .prefetch_related(
            models.Prefetch(
                "answers", queryset=SignalAnswer.objects.order_by("-answered_at", "-pk")
            )
        )
        .annotate(neighbourhood_name=area_name("neighbourhood_code", "neighbourhood_year"))
    )


# --- Overview ---


def coordinator_overview(*, user: User, today: date | None = None) -> dict[str, int]:
    """The counts on the coordinator's start page: what asks for attention."""
    today = today or timezone.localdate()
    escalation_day = today - timedelta(days=settings.COORDINATOR_ESCALATION_DAYS)
    return {
        "waiting": intake_queue(user=user).count(),
        "overdue": overdue_board(user=user, today=today).count(),
        "escalated": overdue_board(user=user, today=today)
        .filter(due_date__lt=escalation_day)
        .count(),
        "no_visit": open_cases_by_last_visit(user=user)
        .filter(last_contact_at__lt=no_visit_cutoff())
        .count(),
        "conflicts": open_conflicts(user=user).count(),
        "signals_to_review": signal_list(user=user).filter(status=SignalStatus.NEW).count(),
    }


# --- Closing and reopening ---


def closed_cases(*, user: User, limit: int = 100) -> models.QuerySet[Household]:
    """The most recently closed cases of the user's teams, to look back at or reopen."""
    return (
        visible_to(user, Household)
        .filter(status=HouseholdStatus.CLOSED)
        .order_by("-closed_at", "-pk")[:limit]
    )


def closing_history(*, household: Household) -> models.QuerySet:
    """When the case was closed and reopened, and by whom (from the change history)."""
    return (
        Household.history.filter(id=household.pk, history_change_reason__in=["closed", "reopened"])
        .select_related("history_user")
        .order_by("-history_date")
    )


# --- Team care ---


@dataclass
class MemberCare:
    membership: TeamMembership
    months_active: int
    long_serving: bool
    hours: Decimal = Decimal(0)
    allowance: Decimal = Decimal(0)
    other_allowance: Decimal = Decimal(0)


def team_care(*, user: User, year: int, today: date | None = None) -> list[MemberCare]:
    """Every membership of the user's teams (current and ended), how long it has lasted,
    and the member's volunteer hours and allowances this year. Two queries."""
    today = today or timezone.localdate()
    memberships = (
        TeamMembership.objects.filter(team_id__in=coordinated_team_ids(user))
        .select_related("user", "team")
        .order_by("team__name", "ended_on", "started_on", "user__username")
    )
    totals = {
        row["user_id"]: row
        for row in VolunteerMonth.objects.filter(
            team_id__in=coordinated_team_ids(user), month__year=year
        )
        .values("user_id")
        .annotate(
            hours=models.Sum("hours"),
            allowance=models.Sum("allowance"),
            other=models.Sum("other_allowance"),
        )
    }
    rows = []
    for membership in memberships:
        start, end = membership.started_on, membership.ended_on or today
        months = (end.year - start.year) * 12 + end.month - start.month
        total = totals.get(membership.user_id, {})
        rows.append(
            MemberCare(
                membership=membership,
                months_active=max(months, 0),
                long_serving=membership.ended_on is None
                and months > settings.COORDINATOR_LONG_SERVING_MONTHS,
                hours=total.get("hours") or Decimal(0),
                allowance=total.get("allowance") or Decimal(0),
                other_allowance=total.get("other") or Decimal(0),
            )
        )
    return rows
