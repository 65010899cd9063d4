from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Barrier, Household, HouseholdMember, ParticipationWish, User
from outreach.services.conflicts import guard_stale_edit, keep_as_conflict
from outreach.services.errors import (
    apply_changes,
    field_error,
    save_new_version,
    validate_new_record,
)
from outreach.services.follow_ups import follow_ups_close_resolved
from outreach.services.offer import offer_check_for_wish
from outreach.workflow import WISH_TRANSITIONS, WishStatus, is_allowed

EDITABLE_FIELDS = ("member", "category", "description", "barriers", "status", "offer")


def _check(household: Household, data: dict, offer_id: int | None = None) -> None:
    offer = data.get("offer")
    if offer is not None and offer.pk != offer_id:
        # Checked when linked: an entry that ends later keeps the wishes linked to it.
        offer_check_for_wish(offer=offer, household=household)
    member: HouseholdMember | None = data.get("member")
    if member is not None and member.household_id != household.pk:
        raise field_error("member", _("This person is not a member of this household."))
    unknown = [b for b in data.get("barriers", []) if b not in Barrier.values]
    if unknown:
        raise field_error(
            "barriers", _("Unknown barrier: %(value)s.") % {"value": unknown[0]}, "invalid_choice"
        )
    if "barriers" in data:
        data["barriers"] = sorted(set(data["barriers"]))


@transaction.atomic
def wish_create(*, household: Household, created_by: User, data: dict) -> ParticipationWish:
    _check(household, data)
    wish = ParticipationWish(household=household, created_by=created_by)
    apply_changes(wish, data, EDITABLE_FIELDS)
    validate_new_record(wish)
    wish.save()
    return wish


@transaction.atomic
def wish_update(
    *, wish: ParticipationWish, changed_by: User, data: dict, base_version: int | None = None
) -> ParticipationWish:
    wish = ParticipationWish.objects.select_for_update().get(pk=wish.pk)
    guard_stale_edit(instance=wish, base_version=base_version, data=data, submitted_by=changed_by)
    _check(wish.household, data, offer_id=wish.offer_id)
    new_status = data.get("status", wish.status)
    if not is_allowed(WISH_TRANSITIONS, wish.status, new_status):
        raise field_error(
            "status",
            _("A wish that is %(current)s cannot become %(new)s.")
            % {
                "current": wish.get_status_display().lower(),
                "new": WishStatus(new_status).label.lower(),
            },
            "invalid_transition",
        )
    status_before = wish.status
    changed = apply_changes(wish, data, EDITABLE_FIELDS)
    if wish.status != status_before:
        wish.status_changed_on = timezone.localdate()
    save_new_version(wish, changed)
    return wish


def wish_change_status(
    *, wish: ParticipationWish, changed_by: User, status: str, base_version: int | None
):
    """Move a wish on (conflict-aware). A realised or abandoned wish closes the follow-ups
    opened for it, with a note saying so. Returns (wish, conflict)."""
    with transaction.atomic():
        wish, conflict = keep_as_conflict(
            wish_update,
            wish=wish,
            changed_by=changed_by,
            data={"status": status},
            base_version=base_version,
        )
        if wish is not None and wish.status in (WishStatus.REALISED, WishStatus.ABANDONED):
            follow_ups_close_resolved(
                closed_by=changed_by,
                wish=wish,
                note=_("Closed because the wish is %(status)s")
                % {"status": wish.get_status_display().lower()},
            )
    return wish, conflict
