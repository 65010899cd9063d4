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


def _check_assignable(field: str, peer: User, household: Household) -> None:
    require_peer(field, peer)
    is_member = TeamMembership.objects.current().filter(user=peer, team_id=household.team_id)
    if not peer.is_active or not is_member.exists():
        raise field_error(
            field,
            _("This person is not a current member of team %(team)s, so cannot take this case.")
            % {"team": household.team.name},
            code="other_team",
        )
    decline = PeerDecline.objects.filter(household=household, peer=peer).first()
    if decline is not None:
        raise field_error(field, declined_message(peer, household, decline.reason), code="declined")


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
    household = Household.objects.select_for_update().select_related("team").get(pk=household.pk)
    if household.status == HouseholdStatus.CLOSED:
        raise field_error(
            "lead", _("This case is closed. Reopen it before assigning it."), code="closed"
        )
    _check_assignable("lead", lead, household)
    if buddy is not None:
        if buddy.pk == lead.pk:
            raise field_error("buddy", _("The buddy must be someone else than the lead peer."))
        _check_assignable("buddy", buddy, household)
    now = timezone.now()
    Assignment.objects.current().filter(household=household).update(
        ended_at=now, ended_by=assigned_by
    )
    assignment = Assignment.objects.create(
        household=household,
        lead=lead,
        buddy=buddy,
        reason=reason,
        assigned_by=assigned_by,
        started_at=now,
    )
    if household.status == HouseholdStatus.NEW:
        household.status = HouseholdStatus.ACTIVE
        household.version += 1
        household.save(update_fields=["status", "version", "updated_at"])
    return assignment
