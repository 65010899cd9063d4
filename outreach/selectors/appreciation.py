"""Reads for appreciating peers: their milestones (first visit, households visited, years in
the team), thank-yous to show, and a yearly overview of what they did, in counts only."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Min, QuerySet, Sum
from django.utils import timezone

from outreach.models import (
    Appreciation,
    ParticipationWish,
    ProvisionCheck,
    ProvisionOutcome,
    Referral,
    Role,
    Team,
    TeamMembership,
    User,
    Visit,
)
from outreach.querysets import appreciations_visible_to, coordinated_team_ids
from outreach.selectors.coordinator import team_members
from outreach.workflow import WishStatus

# The numbers of households visited that are a milestone.
HOUSEHOLD_MILESTONES = (10, 25, 50, 100, 250)
# How long a milestone is shown after it was reached.
MILESTONE_SHOWN_DAYS = 30
# The first year the overview is offered for; before it, nobody used Outreach.
FIRST_OVERVIEW_YEAR = 2000


@dataclass(frozen=True)
class Milestone:
    user_id: int
    kind: str  # "first_visit", "households" or "years"
    on: date
    count: int = 1


def _anniversary(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28) + timedelta(days=1)


def milestones_of(*, user_ids: list[int], today: date | None = None) -> dict[int, list[Milestone]]:
    """Every milestone each user has reached, newest first, in two queries for any number
    of users: when they first visited each household, and when they joined a team."""
    today = today or timezone.localdate()
    firsts: dict[int, list] = defaultdict(list)
    rows = (
        Visit.peers.through.objects.filter(user_id__in=user_ids)
        .values("user_id", "visit__household_id")
        .annotate(first=Min("visit__started_at"))
        .order_by("user_id", "first")
    )
    for row in rows:
        firsts[row["user_id"]].append(timezone.localtime(row["first"]).date())
    starts = dict(
        TeamMembership.objects.current(today)
        .filter(user_id__in=user_ids)
        .values("user_id")
        .annotate(start=Min("started_on"))
        .values_list("user_id", "start")
    )
    found: dict[int, list[Milestone]] = {}
    for user_id in user_ids:
        reached = []
        days = sorted(firsts.get(user_id, []))
        if days:
            reached.append(Milestone(user_id, "first_visit", days[0]))
        reached += [
            Milestone(user_id, "households", days[count - 1], count)
            for count in HOUSEHOLD_MILESTONES
            if len(days) >= count
        ]
        start = starts.get(user_id)
        if start is not None:
            years = today.year - start.year - ((today.month, today.day) < (start.month, start.day))
            if years >= 1:
                reached.append(Milestone(user_id, "years", _anniversary(start, years), years))
        found[user_id] = sorted(
            (milestone for milestone in reached if milestone.on <= today),
            key=lambda milestone: milestone.on,
            reverse=True,
        )
    return found


def recent_milestones(
    *, user_ids: list[int], today: date | None = None, days: int = MILESTONE_SHOWN_DAYS
) -> list[Milestone]:
    """The milestones reached in the last `days` days, newest first."""
    today = today or timezone.localdate()
    since = today - timedelta(days=days)
    reached = milestones_of(user_ids=user_ids, today=today)
    recent = [m for milestones in reached.values() for m in milestones if m.on >= since]
    return sorted(recent, key=lambda milestone: milestone.on, reverse=True)


def milestone_list(*, user: User, today: date | None = None) -> list[Milestone]:
    """Every milestone reached by whom the user may appreciate, newest first: a peer's own;
    for a coordinator (or an admin) those of the peers of the teams they coordinate."""
    if user.role == Role.PEER:
        user_ids = [user.pk]
    else:
        user_ids = list(team_members(user=user, peers_only=True).values_list("pk", flat=True))
    reached = milestones_of(user_ids=user_ids, today=today)
    return sorted(
        (milestone for milestones in reached.values() for milestone in milestones),
        key=lambda milestone: (milestone.on, milestone.user_id),
        reverse=True,
    )


def appreciation_list(*, user: User) -> QuerySet[Appreciation]:
    """The thank-yous the user may read (outreach.querysets), newest first, with who sent
    them."""
    return appreciations_visible_to(user).select_related("sent_by").order_by("-sent_at", "-pk")


def thanking_team(*, user: User, member: User) -> Team | None:
    """The team in whose name the user thanks a member: the first, by name, of the teams
    the user coordinates that the member belongs to now (None: they share no team)."""
    return (
        Team.objects.filter(
            pk__in=coordinated_team_ids(user), memberships__in=member.memberships.current()
        )
        .order_by("name")
        .first()
    )


def thanks_shown(*, user: User) -> list[Appreciation]:
    """The thank-yous the peer has not put away yet, newest first."""
    return list(
        Appreciation.objects.filter(peer=user, dismissed_at__isnull=True)
        .select_related("sent_by")
        .order_by("-sent_at")
    )


@dataclass(frozen=True)
class YearOverview:
    """What a peer did in a year, in counts: nothing about any household."""

    peer: User
    year: int
    teams: list[Team]
    member_since: date | None
    households_visited: int
    visits: int
    hours: int
    wishes_realised: int
    euros_unlocked: Decimal
    referrals: int


def year_overview_offered(year: int) -> bool:
    """Whether there is an overview for the year: from the first year up to this one."""
    return FIRST_OVERVIEW_YEAR <= year <= timezone.localdate().year


def year_overview(*, peer: User, year: int) -> YearOverview:
    """The peer's year in a fixed number of queries, however much they did. Wishes realised
    and provisions granted count for the households the peer visited up to the end of that
    year; euros unlocked are the estimated yearly value of the provisions granted."""
    visits = Visit.objects.filter(peers=peer, started_at__year=year).aggregate(
        visits=Count("pk", distinct=True),
        households=Count("household", distinct=True),
        minutes=Sum("duration_minutes"),
    )
    visited = (
        Visit.objects.filter(peers=peer, started_at__year__lte=year)
        .order_by()
        .values("household_id")
    )
    wishes = ParticipationWish.objects.filter(
        household_id__in=visited, status=WishStatus.REALISED, status_changed_on__year=year
    ).count()
    granted = ProvisionCheck.objects.filter(
        household_id__in=visited,
        outcome=ProvisionOutcome.GRANTED,
        outcome_changed_on__year=year,
    ).aggregate(total=Sum("estimated_annual_value"))["total"]
    memberships = list(
        TeamMembership.objects.filter(user=peer, started_on__year__lte=year)
        .select_related("team__municipality")
        .order_by("started_on")
    )
    return YearOverview(
        peer=peer,
        year=year,
        teams=list({membership.team_id: membership.team for membership in memberships}.values()),
        member_since=memberships[0].started_on if memberships else None,
        households_visited=visits["households"],
        visits=visits["visits"],
        hours=round((visits["minutes"] or 0) / 60),
        wishes_realised=wishes,
        euros_unlocked=granted or Decimal(0),
        referrals=Referral.objects.filter(referred_by=peer, referred_on__year=year).count(),
    )


def team_milestones(*, members: list[User], today: date | None = None) -> list[tuple]:
    """(member, milestone) for the milestones the members reached lately, newest first:
    for the coordinator's team page, so they can say thanks."""
    by_id = {member.pk: member for member in members}
    recent = recent_milestones(user_ids=list(by_id), today=today)
    return [(by_id[milestone.user_id], milestone) for milestone in recent]
