"""Reads for the way from visited household to team member, and for the team's turnover."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from outreach.models import (
    Assignment,
    Household,
    LadderStep,
    LeavingReason,
    PeerCandidate,
    Role,
    TeamMembership,
    User,
)
from outreach.querysets import candidates_visible_to, coordinated_team_ids, memberships_visible_to
from outreach.workflow import CandidateStatus, HouseholdStatus

OPEN_STATUSES = (HouseholdStatus.NEW, HouseholdStatus.ACTIVE)


def participation_went_up(household: Household) -> bool:
    """More active as the reach figures count it: the coordinator's word at closing where
    given, otherwise the ladder (the last rung higher than the first)."""
    if household.became_more_active is not None:
        return household.became_more_active
    rungs = list(
        LadderStep.objects.filter(household=household)
        .order_by("on", "id")
        .values_list("rung", flat=True)
    )
    return len(rungs) > 1 and rungs[-1] > rungs[0]


def open_candidacy(household: Household) -> PeerCandidate | None:
    return (
        PeerCandidate.objects.filter(household=household)
        .exclude(status__in=(CandidateStatus.MEMBER, CandidateStatus.STOPPED))
        .first()
    )


def candidate_list(*, user: User, status: str = "") -> QuerySet[PeerCandidate]:
    candidates = candidates_visible_to(user).select_related(
        "team", "household", "buddy", "user", "proposed_by"
    )
    if status:
        candidates = candidates.filter(status=status)
    return candidates.order_by("-proposed_on", "-id")


def candidate_detail(*, user: User, pk: int) -> PeerCandidate:
    return candidate_list(user=user).get(pk=pk)


@dataclass
class TurnoverYear:
    year: int
    joined: int = 0
    left: int = 0
    left_for_paid_work: int = 0


def team_turnover(*, user: User) -> list[TurnoverYear]:
    """Per year, newest first: members who joined the coordinator's teams, who left, and who
    left for paid work."""
    memberships = TeamMembership.objects.filter(team_id__in=coordinated_team_ids(user))
    years: dict[int, TurnoverYear] = defaultdict(lambda: TurnoverYear(year=0))
    for started_on, ended_on, left_for in memberships.values_list(
        "started_on", "ended_on", "left_for"
    ):
        joined = years[started_on.year]
        joined.year = started_on.year
        joined.joined += 1
        if ended_on is not None:
            left = years[ended_on.year]
            left.year = ended_on.year
            left.left += 1
            left.left_for_paid_work += left_for == LeavingReason.PAID_WORK
    return sorted(years.values(), key=lambda row: row.year, reverse=True)


def team_buddies(*, team_id: int) -> QuerySet[User]:
    """The experienced peers who may take a candidate on a first visit: instructed peers of
    the team."""
    members = TeamMembership.objects.instructed().filter(team_id=team_id)
    return User.objects.filter(
        role=Role.PEER, is_active=True, pk__in=members.values("user_id")
    ).order_by("username")


def membership_detail(*, user: User, pk: int) -> TeamMembership:
    return membership_list(user=user).get(pk=pk)


def open_cases_count(*, membership: TeamMembership) -> int:
    """Open cases of the team the member leads or is buddy on: to move when they leave."""
    return (
        Assignment.objects.current()
        .filter(Q(lead_id=membership.user_id) | Q(buddy_id=membership.user_id))
        .filter(household__team_id=membership.team_id, household__status__in=OPEN_STATUSES)
        .count()
    )


def may_be_proposed(household: Household) -> bool:
    """Whether the household page offers to note someone as a candidate: its participation
    went up and nobody of it is a candidate now."""
    return participation_went_up(household) and open_candidacy(household) is None


def membership_list(*, user: User) -> QuerySet[TeamMembership]:
    return memberships_visible_to(user).select_related("user", "team").order_by("pk")
