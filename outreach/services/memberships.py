"""A member's time in the team: the privacy instruction that opens the case records to them,
and leaving well (where they went, so that turnover and work found show)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import LeavingReason, TeamMembership, User
from outreach.services.errors import field_error


@transaction.atomic
def privacy_instruction_record(
    *, membership: TeamMembership, on: date, recorded_by: User
) -> TeamMembership:
    """The member has had the privacy instruction on this day: from then on they see the
    cases of the team that are theirs (querysets.current_team_ids)."""
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if on > timezone.localdate():
        raise field_error("on", _("This date is in the future."), "future")
    if membership.ended_on is not None:
        raise field_error("on", _("This membership has ended."), "ended")
    membership.privacy_instruction_on = on
    membership._history_user = recorded_by
    membership._change_reason = "privacy instruction recorded"
    membership.save(update_fields=["privacy_instruction_on"])
    return membership


@transaction.atomic
def membership_end(
    *,
    membership: TeamMembership,
    ended_on: date,
    left_for: str,
    note: str = "",
    ended_by: User,
) -> TeamMembership:
    """The member leaves the team on this day, for this reason. Their open cases stay
    theirs until the coordinator moves them (the caseload page lists them)."""
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.ended_on is not None and membership.ended_on < timezone.localdate():
        raise field_error("ended_on", _("This membership has already ended."), "ended")
    if left_for not in LeavingReason.values:
        raise field_error("left_for", _("Choose where the member went."), "required")
    if ended_on < membership.started_on:
        raise field_error(
            "ended_on", _("A membership cannot end before it started."), "before_start"
        )
    membership.ended_on = ended_on
    membership.left_for = left_for
    membership.leaving_note = note.strip()
    membership._history_user = ended_by
    membership._change_reason = "membership ended"
    membership.save(update_fields=["ended_on", "left_for", "leaving_note"])
    return membership
