"""A thank-you from the coordinator to a peer, shown on the peer's Today page until the peer
puts it away."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Appreciation, Team, User
from outreach.policies import can_thank
from outreach.services.errors import field_error


@transaction.atomic
def appreciation_send(*, peer: User, team: Team, sent_by: User, message: str) -> Appreciation:
    message = message.strip()
    if not message:
        raise field_error("message", _("Write a short message."), "required")
    if not can_thank(sent_by, peer, team.pk):
        raise field_error(
            "peer", _("You can only thank a team member of a team you coordinate."), "other_team"
        )
    appreciation = Appreciation(team=team, peer=peer, sent_by=sent_by, message=message)
    appreciation.full_clean()
    appreciation.save()
    return appreciation


@transaction.atomic
def appreciation_dismiss(*, appreciation: Appreciation, dismissed_by: User) -> Appreciation:
    """Put the thank-you away (it stays on record). Only the peer it was for can."""
    appreciation = Appreciation.objects.select_for_update().get(pk=appreciation.pk)
    if appreciation.peer_id != dismissed_by.pk:
        raise field_error("appreciation", _("This thank-you is for someone else."), "not_yours")
    if appreciation.dismissed_at is None:
        appreciation.dismissed_at = timezone.now()
        appreciation.save(update_fields=["dismissed_at"])
    return appreciation
