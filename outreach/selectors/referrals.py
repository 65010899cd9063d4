from django.db.models import QuerySet

from outreach.models import Household, Referral, User
from outreach.querysets import visible_to


def referral_list(*, user: User) -> QuerySet[Referral]:
    """The referrals of households the user may see."""
    return visible_to(user, Referral).select_related("household", "follow_up", "referred_by")


def household_referrals(*, household: Household) -> list[Referral]:
    """A household's referrals for its pages, newest first."""
    return list(Referral.objects.filter(household=household).order_by("-referred_on", "-id"))
