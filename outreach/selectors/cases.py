"""Reads of the case record: each list starts from what the user may see (querysets.py)
and loads what its rows show in a fixed number of queries, whatever the page size."""

import re

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from outreach import models
from outreach.querysets import (
    first_contacts_visible_to,
    teams_visible_to,
    users_visible_to,
    visible_to,
)
from outreach.selectors.areas import area_name
from outreach.workflow import FollowUpStatus, WishStatus

OPEN_WISH_STATUSES = (WishStatus.ARTICULATED, WishStatus.IN_PROGRESS)


def _count_of(queryset: QuerySet) -> Coalesce:
    counted = (
        queryset.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def current_assignments() -> Prefetch:
    """A household's assignments now, with their peers, as `current_assignments`."""
    return Prefetch(
        "assignments",
        queryset=models.Assignment.objects.current().select_related("lead", "buddy"),
        to_attr="current_assignments",
    )


def household_summaries(*, user: models.User) -> QuerySet[models.Household]:
    """The households the user may see, each with its last visit, its open wishes and
    follow-ups and whether it wants contact: what every list of cases shows."""
    last_visit = (
        models.Visit.objects.filter(household=OuterRef("pk"))
        .order_by("-started_at")
        .values("started_at")
    )
    return visible_to(user, models.Household).annotate(
        last_visit_at=Subquery(last_visit[:1]),
        open_wishes=_count_of(
            models.ParticipationWish.objects.filter(status__in=OPEN_WISH_STATUSES)
        ),
        open_follow_ups=_count_of(models.FollowUp.objects.filter(status=FollowUpStatus.OPEN)),
        contact_wanted=contact_wanted(),
    )


def household_list(*, user: models.User) -> QuerySet[models.Household]:
    """The summaries with the team, the current peers and the members (the household list)."""
    return (
        household_summaries(user=user)
        .select_related("team")
        .prefetch_related(
            current_assignments(),
            Prefetch("members", queryset=models.HouseholdMember.objects.order_by("id")),
        )
    )


def contact_wanted() -> Exists:
    """An annotation: the household's home-visit consent stands. Without it the household
    wants no contact ("geen contact gewenst") and nobody visits or reminds about it."""
    return Exists(
        models.Consent.objects.standing().filter(
            household=OuterRef("pk"), scope=models.ConsentScope.HOME_VISITS
        )
    )


def visit_list(*, user: models.User) -> QuerySet[models.Visit]:
    return (
        visible_to(user, models.Visit)
        .select_related("household", "recorded_by")
        .prefetch_related(Prefetch("peers", queryset=models.User.objects.only("id", "username")))
    )


def wish_list(*, user: models.User) -> QuerySet[models.ParticipationWish]:
    return visible_to(user, models.ParticipationWish).select_related("household", "member")


def provision_check_list(*, user: models.User) -> QuerySet[models.ProvisionCheck]:
    return visible_to(user, models.ProvisionCheck).select_related("household", "provision")


def follow_up_list(*, user: models.User) -> QuerySet[models.FollowUp]:
    return visible_to(user, models.FollowUp).select_related("household", "responsible")


def consent_list(*, user: models.User) -> QuerySet[models.Consent]:
    return visible_to(user, models.Consent).select_related("household", "text", "recorded_by")


def team_list(*, user: models.User) -> QuerySet[models.Team]:
    return teams_visible_to(user)


def user_list(*, user: models.User) -> QuerySet[models.User]:
    return users_visible_to(user).prefetch_related(
        Prefetch(
            "memberships",
            queryset=models.TeamMembership.objects.current().select_related("team"),
            to_attr="current_memberships",
        )
    )


def conflict_list(*, user: models.User) -> QuerySet[models.EditConflict]:
    return visible_to(user, models.EditConflict).select_related("household")


SEARCH_RESULTS_SHOWN = 50


def _as_stored_postcode(word: str) -> str:
    """Postcodes are stored as '4701 AB'; people type '4701ab' as often."""
    if re.fullmatch(r"\d{4}[A-Za-z]{2}", word):
        return f"{word[:4]} {word[4:].upper()}"
    return word


def household_search(*, user: models.User, query: str) -> list[models.Household]:
    """Cases the user may see whose reference, contact name, street or postcode holds the
    query (case-insensitive; a postcode matches with or without its space). At most
    SEARCH_RESULTS_SHOWN, by reference: a search is for finding one case, not for browsing."""
    words = query.split()
    if not words:
        return []
    matches = household_list(user=user)
    for word in words:
        matches = matches.filter(
            Q(reference__icontains=word)
            | Q(contact_name__icontains=word)
            | Q(street__icontains=word)
            | Q(postcode__icontains=_as_stored_postcode(word))
        )
    return list(matches.order_by("reference")[:SEARCH_RESULTS_SHOWN])


def plan_list(*, user: models.User) -> QuerySet[models.ParticipationPlan]:
    """Plans made with the households the user may see, each with its ladder steps."""
    return (
        visible_to(user, models.ParticipationPlan)
        .select_related("household", "agreed_by")
        .prefetch_related(
            Prefetch("steps", queryset=models.LadderStep.objects.order_by("on", "id"))
        )
        .order_by("-agreed_on", "-id")
    )


def own_score_list(*, user: models.User) -> QuerySet[models.OwnScore]:
    """The households' own scores, of the households the user may see."""
    return (
        visible_to(user, models.OwnScore).select_related("household").order_by("-given_on", "-id")
    )


def first_contact_list(*, user: models.User) -> QuerySet[models.FirstContact]:
    """First contacts of the user's teams, newest first, with the neighbourhood's name."""
    return (
        first_contacts_visible_to(user)
        .select_related("team")
        .annotate(neighbourhood_name=area_name("neighbourhood_code", "neighbourhood_year"))
        .order_by("-contacted_on", "-created_at")
    )
