"""Reads of the local offer: the directory as a user may see it, the entries a wish can be
linked to, and the funds that fit a wish held back by its cost."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from outreach.models import Barrier, Household, LocalOffer, OfferKind, ParticipationWish, User
from outreach.querysets import offers_visible_to


def current_offers(offers: QuerySet[LocalOffer], on: date | None = None) -> QuerySet[LocalOffer]:
    """Active and valid on this day (today)."""
    on = on or timezone.localdate()
    return offers.filter(active=True).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_until__isnull=True) | Q(valid_until__gte=on),
    )


def fitting_category(offers: QuerySet[LocalOffer], category: str) -> QuerySet[LocalOffer]:
    """Entries for this kind of wish, and those for every kind (no kind named). The kinds
    are a JSON list: matched on its text, which both databases can do."""
    return offers.filter(Q(categories__icontains=f'"{category}"') | Q(categories=[]))


def offer_list(
    *,
    user: User,
    category: str = "",
    kind: str = "",
    search: str = "",
    current_only: bool = False,
) -> QuerySet[LocalOffer]:
    """The directory of the user's municipality, filtered; one query however long."""
    offers = offers_visible_to(user)
    if current_only:
        offers = current_offers(offers)
    if kind:
        offers = offers.filter(kind=kind)
    if category:
        offers = fitting_category(offers, category)
    if search:
        offers = offers.filter(
            Q(name__icontains=search) | Q(audience__icontains=search) | Q(cost__icontains=search)
        )
    return offers.order_by("name", "id")


def offers_for_household(*, household: Household) -> list[LocalOffer]:
    """The entries a wish of this household can be linked to: current, of its municipality."""
    municipality_id = household.team.municipality_id
    offers = LocalOffer.objects.filter(municipality_id=municipality_id)
    return list(current_offers(offers).order_by("name", "id"))


def fund_suggestions(
    *, household: Household, wishes: list[ParticipationWish]
) -> dict[int, list[LocalOffer]]:
    """For each wish held back by its cost: the funds of the household's municipality that
    fit it (kind fund, active, valid today, for the wish's kind or for every kind). One
    query for all the wishes; none when no wish names the cost."""
    costly = [wish for wish in wishes if Barrier.COST in (wish.barriers or [])]
    if not costly:
        return {}
    municipality_id = household.team.municipality_id
    funds = list(
        current_offers(LocalOffer.objects.filter(municipality_id=municipality_id))
        .filter(kind=OfferKind.FUND)
        .order_by("name", "id")
    )
    return {
        wish.pk: [fund for fund in funds if fund.fits_category(wish.category)] for wish in costly
    }
