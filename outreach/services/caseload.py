"""Moving many cases at once: a bulk reassignment, and handing over a member's whole
caseload when they leave or pause. All or nothing: if one case cannot move (the household
declined the new peer, the case is closed ...), nothing moves and the error says which."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from outreach.models import Assignment, Household, Team, TeamMembership, User
from outreach.services.assignments import cases_assign, require_peer
from outreach.services.errors import field_error


@dataclass
class BulkReassignResult:
    """What a bulk move did: how many cases moved, and which lost their buddy (case
    references), so the coordinator is told rather than left to find out."""

    moved: int = 0
    kept_buddy: int = 0
    without_buddy: list[str] = field(default_factory=list)


@transaction.atomic
def cases_bulk_reassign(
    *,
    households: list[Household],
    lead: User,
    reason: str,
    assigned_by: User,
    keep_buddy: bool = True,
) -> BulkReassignResult:
    """Give many cases the same new lead peer; each keeps its buddy unless told not to or
    unless that buddy is the new lead (one person cannot be both)."""
    if not households:
        raise field_error("households", _("Choose at least one case."), "empty")
    require_peer("lead", lead)
    if not reason.strip():
        raise field_error("reason", _("Say why the cases move."), "required")
    current = {
        assignment.household_id: assignment
        for assignment in Assignment.objects.current()
        .filter(household__in=households)
        .select_related("buddy")
    }
    moves = []
    had_buddy = set()
    for household in households:
        buddy = None
        assignment = current.get(household.pk)
        if assignment is not None and assignment.buddy_id is not None:
            had_buddy.add(household.pk)
        if keep_buddy and assignment is not None and assignment.buddy_id not in (None, lead.pk):
            buddy = assignment.buddy
        moves.append((household, lead, buddy))
    assigned = cases_assign(moves, reason=reason, assigned_by=assigned_by)
    return BulkReassignResult(
        moved=len(assigned),
        kept_buddy=sum(1 for assignment in assigned if assignment.buddy_id is not None),
        without_buddy=sorted(
            assignment.household.reference
            for assignment in assigned
            if assignment.buddy_id is None and assignment.household_id in had_buddy
        ),
    )


@dataclass
class HandOverResult:
    """What a hand-over did to each kind of case (case references), so the coordinator is
    told, not left to find out: a case can lose its buddy when the new peer was already on it."""

    moved: int = 0
    now_lead: list[str] = field(default_factory=list)
    now_buddy: list[str] = field(default_factory=list)
    without_buddy: list[str] = field(default_factory=list)


@transaction.atomic
def caseload_hand_over(
    *, team: Team, from_peer: User, to_peer: User, reason: str, handed_over_by: User
) -> HandOverResult:
    """Hand over every open case of one member of the team to another: where they lead,
    the new peer leads; where they are the buddy, the new peer becomes the buddy. Where the
    new peer is already on the case (as buddy of a case the leaving member leads, or as lead
    of a case they are buddy on), one person cannot be both, so the case goes on without a
    buddy; the result lists those cases."""
    if from_peer.pk == to_peer.pk:
        raise field_error("to_peer", _("Choose another person to take over."), "same_peer")
    if not reason.strip():
        raise field_error("reason", _("Say why the cases move."), "required")
    require_peer("to_peer", to_peer)
    if not TeamMembership.objects.instructed().filter(user=to_peer, team=team).exists():
        raise field_error(
            "to_peer",
            _("%(peer)s is not a current member of team %(team)s.")
            % {"peer": to_peer, "team": team.name},
            "other_team",
        )
    assignments = (
        Assignment.objects.current()
        .filter(Q(lead=from_peer) | Q(buddy=from_peer), household__team=team)
        .select_related("household", "lead", "buddy")
        .order_by("household__reference")
    )
    moves = []
    result = HandOverResult()
    for assignment in assignments:
        reference = assignment.household.reference
        if assignment.lead_id == from_peer.pk:
            result.now_lead.append(reference)
            buddy = assignment.buddy if assignment.buddy_id != to_peer.pk else None
            if assignment.buddy_id == to_peer.pk:
                result.without_buddy.append(reference)
            moves.append((assignment.household, to_peer, buddy))
        elif assignment.lead_id == to_peer.pk:
            result.without_buddy.append(reference)
            moves.append((assignment.household, assignment.lead, None))
        else:
            result.now_buddy.append(reference)
            moves.append((assignment.household, assignment.lead, to_peer))
    if not moves:
        raise field_error(
            "from_peer", _("%(peer)s has no open cases in this team.") % {"peer": from_peer}, "none"
        )
    result.moved = len(cases_assign(moves, reason=reason, assigned_by=handed_over_by))
    return result
