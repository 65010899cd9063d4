from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Assignment, Household, PeerDecline, Role, TeamMembership, User
from outreach.services.errors import field_error
from outreach.workflow import HouseholdStatus


def require_peer(field: str, person: User) -> None:
    """Only peers visit households: a coordinator (or anyone else) cannot lead a case or be
    its buddy, whatever team they are in."""
    if person.role != Role.PEER:
        raise field_error(
            field,
            _("%(person)s is not a peer. Only peers can lead a case or be a buddy.")
            % {"person": person},
            code="not_peer",
        )


@dataclass(frozen=True)
class _AssignableFacts:
    """What the rules need to know about the peers and households of one or many moves,
    read in two queries whatever the number of cases."""

    memberships: frozenset[tuple[int, int]]  # (user id, team id), current only
    declines: dict[tuple[int, int], str]  # (household id, peer id) -> reason

    @classmethod
    def load(cls, households: list[Household], peers: list[User]) -> "_AssignableFacts":
        teams = {household.team_id for household in households}
        memberships = (
            TeamMembership.objects.instructed()
            .filter(user__in=peers, team_id__in=teams)
            .values_list("user_id", "team_id")
        )
        declines = PeerDecline.objects.filter(household__in=households, peer__in=peers)
        return cls(
            memberships=frozenset(memberships),
            declines={
                (household_id, peer_id): reason
                for household_id, peer_id, reason in declines.values_list(
                    "household_id", "peer_id", "reason"
                )
            },
        )


def _check_assignable(field: str, peer: User, household: Household, facts: _AssignableFacts):
    require_peer(field, peer)
    if not peer.is_active or (peer.pk, household.team_id) not in facts.memberships:
        raise field_error(
            field,
            _("This person is not a current member of team %(team)s, so cannot take this case.")
            % {"team": household.team.name},
            code="other_team",
        )
    if (household.pk, peer.pk) in facts.declines:
        reason = facts.declines[household.pk, peer.pk]
        raise field_error(field, declined_message(peer, household, reason), code="declined")


def declined_message(peer: User, household: Household, reason: str) -> str:
    """Why a peer cannot take a case: the household said no to them."""
    names = {"household": household.reference, "peer": peer, "reason": reason}
    if reason:
        return (
            _(
                "Household %(household)s does not want %(peer)s to visit (%(reason)s). "
                "Choose someone else."
            )
            % names
        )
    return (
        _("Household %(household)s does not want %(peer)s to visit. Choose someone else.") % names
    )


@transaction.atomic
def case_assign(
    *, household: Household, lead: User, buddy: User | None, reason: str, assigned_by: User
) -> Assignment:
    """Give a case a lead peer (and a buddy). The assignment it replaces is ended, not
    overwritten, so the history shows every hand-over with who made it and why."""
    moves = [(household, lead, buddy)]
    [assignment] = _assign(moves, reason=reason, assigned_by=assigned_by, bulk=False)
    return assignment


@transaction.atomic
def cases_assign(
    moves: list[tuple[Household, User, User | None]], *, reason: str, assigned_by: User
) -> list[Assignment]:
    """Assign many cases at once (household, lead, buddy): all or nothing. If any case
    cannot move, nothing moves and the error lists each case that could not, with why."""
    return _assign(moves, reason=reason, assigned_by=assigned_by, bulk=True)


def _assign(moves, *, reason: str, assigned_by: User, bulk: bool) -> list[Assignment]:
    # The cases are locked together and checked against facts read once, so the number
    # of queries does not grow with the number of cases (the coordinator's bulk moves).
    locked = {
        household.pk: household
        for household in Household.objects.select_for_update(of=("self",))
        .select_related("team")
        .filter(pk__in=[household.pk for household, _lead, _buddy in moves])
        .order_by("pk")
    }
    # One move per case (the last named), as if the moves were made one after the other.
    moves = list(
        {
            household.pk: (locked[household.pk], lead, buddy) for household, lead, buddy in moves
        }.values()
    )
    peers = {person.pk: person for _h, lead, buddy in moves for person in (lead, buddy) if person}
    facts = _AssignableFacts.load(list(locked.values()), list(peers.values()))
    problems = []
    for household, lead, buddy in moves:
        try:
            _check_move(household, lead, buddy, facts)
        except ValidationError as error:
            if not bulk:
                raise  # one case: the error stays on its field (lead or buddy) of the form
            messages = [str(m) for messages in error.message_dict.values() for m in messages]
            problems.append(f"{household.reference}: {' '.join(messages)}")
    if problems:
        raise ValidationError({"households": problems})

    now = timezone.now()
    Assignment.objects.current().filter(household__in=list(locked)).update(
        ended_at=now, ended_by=assigned_by
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(
            household=household,
            lead=lead,
            buddy=buddy,
            reason=reason,
            assigned_by=assigned_by,
            started_at=now,
        )
        for household, lead, buddy in moves
    )
    for household, _lead, _buddy in moves:
        # A new case becomes active once someone leads it; saved one by one so each keeps
        # its own history row (only new cases, which come in ones and twos).
        if household.status == HouseholdStatus.NEW:
            household.status = HouseholdStatus.ACTIVE
            household.version += 1
            household.save(update_fields=["status", "version", "updated_at"])
    return assignments


def _check_move(household: Household, lead: User, buddy: User | None, facts: _AssignableFacts):
    if household.status == HouseholdStatus.CLOSED:
        raise field_error(
            "lead", _("This case is closed. Reopen it before assigning it."), code="closed"
        )
    _check_assignable("lead", lead, household, facts)
    if buddy is not None:
        if buddy.pk == lead.pk:
            raise field_error("buddy", _("The buddy must be someone else than the lead peer."))
        _check_assignable("buddy", buddy, household, facts)
