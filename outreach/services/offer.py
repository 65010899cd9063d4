"""Writes of the local offer: adding an entry and changing it. Nothing is deleted: an entry
that ends is made inactive or gets an end date, so wishes linked to it keep their link."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from outreach.models import Household, LocalOffer, Municipality, User, WishCategory
from outreach.services.errors import apply_changes, field_error

EDITABLE_FIELDS = (
    "name",
    "kind",
    "categories",
    "audience",
    "age_min",
    "age_max",
    "cost",
    "how_to_apply",
    "contact",
    "valid_from",
    "valid_until",
    "active",
)


def _check(data: dict) -> None:
    if "categories" in data:
        unknown = [c for c in data["categories"] or [] if c not in WishCategory.values]
        if unknown:
            raise field_error(
                "categories",
                _("Unknown kind of wish: %(value)s.") % {"value": unknown[0]},
                "invalid_choice",
            )
        data["categories"] = sorted(set(data["categories"] or []))


@transaction.atomic
def offer_create(*, municipality: Municipality, created_by: User, data: dict) -> LocalOffer:
    _check(data)
    offer = LocalOffer(municipality=municipality, created_by=created_by)
    apply_changes(offer, data, EDITABLE_FIELDS)
    offer.full_clean(exclude=["municipality", "created_by"])
    offer._history_user = created_by
    offer.save()
    return offer


@transaction.atomic
def offer_update(*, offer: LocalOffer, changed_by: User, data: dict) -> LocalOffer:
    offer = LocalOffer.objects.select_for_update().select_related("municipality").get(pk=offer.pk)
    _check(data)
    changed = apply_changes(offer, data, EDITABLE_FIELDS)
    if changed:
        offer.full_clean(exclude=["municipality", "created_by"])
        offer._history_user = changed_by
        offer.save()
    return offer


def offer_check_for_wish(*, offer: LocalOffer, household: Household) -> None:
    """A wish links only to a current entry of its household's own municipality."""
    municipality_id = household.team.municipality_id
    if offer.municipality_id != municipality_id:
        raise field_error(
            "offer",
            _("This offer is not in the municipality of this household."),
            "other_municipality",
        )
    if not offer.active:
        raise field_error("offer", _("This offer is no longer active."), "inactive")
    today = timezone.localdate()
    if offer.valid_from and today < offer.valid_from:
        raise field_error(
            "offer",
            _("This offer only starts on %(day)s.") % {"day": date_format(offer.valid_from)},
            "not_yet_valid",
        )
    if offer.valid_until and offer.valid_until < today:
        raise field_error(
            "offer",
            _("This offer ended on %(day)s.") % {"day": date_format(offer.valid_until)},
            "expired",
        )
