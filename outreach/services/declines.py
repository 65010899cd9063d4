from django.db import transaction
from django.utils.translation import gettext_lazy as _

from outreach.models import Assignment, Household, PeerDecline, TeamMembership, User
from outreach.services.errors import field_error


@transaction.atomic
def peer_decline_record(
    *, household: Household, peer: User, reason: str, recorded_by: User
) -> PeerDecline:
    """Record that a household does not want this peer in their home. From then on the
    peer can never be assigned to it. A peer who is on the case now is taken off first by
    the coordinator (assign someone else): a decline never silently leaves a case unled."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if not TeamMembership.objects.filter(user=peer, team_id=household.team_id).exists():
        raise field_error(
            "peer", _("This person is not a member of the household's team."), "other_team"
        )
    current = Assignment.objects.current().filter(household=household).first()
    if current is not None and peer.pk in (current.lead_id, current.buddy_id):
        raise field_error(
            "peer",
            _("%(peer)s is on this case now. Assign someone else first, then record this.")
            % {"peer": peer},
            "currently_assigned",
        )
    if PeerDecline.objects.filter(household=household, peer=peer).exists():
        raise field_error("peer", _("This has already been recorded."), "duplicate")
    decline = PeerDecline(household=household, peer=peer, reason=reason, recorded_by=recorded_by)
    decline.full_clean()
    decline.save()
    return decline


@transaction.atomic
def peer_decline_lift(*, decline: PeerDecline, lifted_by: User) -> None:
    """The household no longer objects to the peer. The history keeps that it once did."""
    decline._change_reason = "lifted"
    decline.delete()
