"""Reads for the phone pages of a peer: Today, a household's page, and the duplicate check
at registration. Each starts from what the user may see (querysets.py)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import (
    AreaName,
    Consent,
    EditConflict,
    FollowUp,
    Household,
    ParticipationWish,
    ProvisionCheck,
    Team,
    TeamMembership,
    User,
    Visit,
    VisitKind,
)
from outreach.querysets import visible_to
from outreach.selectors.cases import (
    OPEN_WISH_STATUSES,
    _count_of,
    current_assignments,
    household_summaries,
)
from outreach.services.provision_checks import SETTLED_OUTCOMES
from outreach.validators import normalize_dutch_mobile, normalize_postcode
from outreach.workflow import FollowUpStatus, HouseholdStatus


def follow_ups_due(*, user: User) -> QuerySet[FollowUp]:
    """My open follow-ups due today or earlier, oldest first."""
    return (
        visible_to(user, FollowUp)
        .filter(responsible=user, status=FollowUpStatus.OPEN, due_date__lte=timezone.localdate())
        .select_related("household")
        .order_by("due_date", "id")
    )


def follow_ups_due_with_lateness(*, user: User) -> list[FollowUp]:
    """follow_ups_due, each with how many days it is late (days_late, 0 when due today)."""
    today = timezone.localdate()
    follow_ups = list(follow_ups_due(user=user))
    for follow_up in follow_ups:
        follow_up.days_late = (today - follow_up.due_date).days
    return follow_ups


def _edits_of(queryset: QuerySet) -> Coalesce:
    """A number that changes whenever a record of the household is added, edited (its
    version goes up) or removed: part of the stamp the phone compares before copying."""
    edits = (
        queryset.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(edits=Sum("version") * 1000 + Count("pk"))
        .values("edits")
    )
    return Coalesce(Subquery(edits, output_field=IntegerField()), 0)


def my_households(*, user: User, search: str = "") -> QuerySet[Household]:
    """The households I visit (lead or buddy), those visited longest ago first, with the
    number of clashing changes waiting for someone to choose (open_conflicts), and the edits
    of their visits, wishes, checks and follow-ups (for the stamp Today gives the phone)."""
    households = (
        # Today shows neither a household's team, its peers nor its members.
        household_summaries(user=user)
        .exclude(status=HouseholdStatus.CLOSED)
        .annotate(
            open_conflicts=_count_of(EditConflict.objects.filter(resolved_at__isnull=True)),
            visit_edits=_edits_of(Visit.objects),
            wish_edits=_edits_of(ParticipationWish.objects),
            check_edits=_edits_of(ProvisionCheck.objects),
            follow_up_edits=_edits_of(FollowUp.objects),
        )
    )
    search = search.strip()
    if search:
        households = households.filter(
            Q(reference__icontains=search) | Q(contact_name__icontains=search)
        )
    return households.order_by("last_visit_at", "reference")


def references_of(*, user: User, household_ids: list[int]) -> dict[int, str]:
    """The references of those of these households I may see, by id, in id order."""
    return dict(
        visible_to(user, Household)
        .filter(pk__in=household_ids)
        .order_by("pk")
        .values_list("pk", "reference")
    )


# The newest visits a household page shows unless all are asked for: a history of years
# would otherwise take a cheap phone's page past 100 KB.
VISITS_SHOWN = 20


def household_page(*, user: User, household_id: int, all_visits: bool = False) -> Household:
    """One household with everything its page shows, in a fixed number of queries: the
    newest VISITS_SHOWN visits (or all) and how many there are.
    Raises Household.DoesNotExist when the user may not see it (answered as 404)."""
    households = (
        visible_to(user, Household)
        .annotate(visit_count=_count_of(Visit.objects))
        .prefetch_related(
            Prefetch("visits", queryset=_visits_shown(all_visits), to_attr="shown_visits")
        )
    )
    return (
        households.select_related("team__municipality", "plan", "own_score")
        .prefetch_related(
            current_assignments(),
            Prefetch(
                "consents",
                queryset=Consent.objects.standing().select_related("text"),
                to_attr="standing_consents",
            ),
            Prefetch(
                "wishes",
                queryset=ParticipationWish.objects.select_related("member", "offer").order_by(
                    "-articulated_on", "-id"
                ),
            ),
            Prefetch(
                "provision_checks",
                queryset=ProvisionCheck.objects.select_related("provision", "application"),
            ),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("responsible").order_by(
                    "status", "due_date", "id"
                ),
            ),
            Prefetch(
                "conflicts",
                queryset=EditConflict.objects.filter(resolved_at__isnull=True).select_related(
                    "submitted_by"
                ),
                to_attr="open_conflicts",
            ),
            "members",
        )
        .get(pk=household_id)
    )


def visit_form_household(*, user: User, household_id: int, closed_too: bool) -> Household:
    """One household with what the visit form shows: its team and plan, its current peers,
    its members, and its open wishes, provision checks and follow-ups; with the closed ones
    too (`closed_too`) for a form sent back, which keeps those it was sent with.
    Raises Household.DoesNotExist when the user may not see it (answered as 404)."""
    wishes = ParticipationWish.objects.order_by("-articulated_on", "-id")
    checks = ProvisionCheck.objects.select_related("provision")
    follow_ups = FollowUp.objects.order_by("status", "due_date", "id")
    if not closed_too:
        wishes = wishes.filter(status__in=OPEN_WISH_STATUSES)
        checks = checks.exclude(outcome__in=SETTLED_OUTCOMES)
        follow_ups = follow_ups.filter(status=FollowUpStatus.OPEN)
    return (
        visible_to(user, Household)
        .select_related("team", "plan")
        .prefetch_related(
            current_assignments(),
            Prefetch("wishes", queryset=wishes),
            Prefetch("provision_checks", queryset=checks),
            Prefetch("follow_ups", queryset=follow_ups),
            "members",
        )
        .get(pk=household_id)
    )


def _visits_shown(all_visits: bool) -> QuerySet[Visit]:
    visits = Visit.objects.prefetch_related("peers").order_by("-started_at")
    return visits if all_visits else visits[:VISITS_SHOWN]


def open_wishes(household: Household) -> list[ParticipationWish]:
    return [wish for wish in household.wishes.all() if wish.status in OPEN_WISH_STATUSES]


def open_follow_ups(household: Household) -> list[FollowUp]:
    return [f for f in household.follow_ups.all() if f.status == FollowUpStatus.OPEN]


def buddy_of(*, user: User, household: Household) -> User | None:
    """The other peer on this case: my buddy when I lead, the lead when I am the buddy.
    None when there is none, or when their account was switched off (they cannot be named
    at a visit any more)."""
    for assignment in household.current_assignments:
        if user.pk in (assignment.lead_id, assignment.buddy_id):
            other = assignment.buddy if assignment.lead_id == user.pk else assignment.lead
            return other if other is not None and other.is_active else None
    return None


def last_visit_kind(*, user: User) -> str:
    """The kind of my last logged visit: the default for the next one."""
    kind = (
        Visit.objects.filter(recorded_by=user)
        .order_by("-created_at")
        .values_list("kind", flat=True)
        .first()
    )
    return kind or VisitKind.HOME_VISIT


def registration_teams(*, user: User) -> QuerySet[Team]:
    """The teams a peer may register a household for: the ones they belong to now."""
    return Team.objects.filter(
        pk__in=TeamMembership.objects.instructed().filter(user=user).values("team_id")
    ).order_by("name")


@dataclass
class DuplicateMatch:
    reference: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class DuplicateCheck:
    """Possible duplicates of a household about to be registered. Matches in the registering
    team are shown (reference and why); elsewhere only *that* one exists, never which."""

    in_team: list[DuplicateMatch]
    elsewhere: bool

    @property
    def found(self) -> bool:
        return bool(self.in_team) or self.elsewhere


def _name_is_similar(a: str, b: str) -> bool:
    words_a = {w for w in a.lower().replace("-", " ").split() if len(w) > 2}
    words_b = {w for w in b.lower().replace("-", " ").split() if len(w) > 2}
    return bool(words_a & words_b)


def possible_duplicates(
    *,
    team: Team,
    contact_name: str = "",
    phone: str = "",
    postcode: str = "",
    house_number: str = "",
) -> DuplicateCheck:
    """Households of the same municipality with the same phone, the same address, or a
    similar name at the same postcode. Closed cases count too: a household may come back."""
    conditions = Q(pk__in=[])
    try:
        phone = normalize_dutch_mobile(phone) if phone else ""
    except ValidationError:
        phone = ""
    try:
        postcode = normalize_postcode(postcode) if postcode else ""
    except ValidationError:
        postcode = ""
    house_number = house_number.strip()
    if phone:
        conditions |= Q(phone=phone)
    if postcode and house_number:
        conditions |= Q(postcode=postcode, house_number__iexact=house_number)
    if postcode and contact_name.strip():
        conditions |= Q(postcode=postcode)
    candidates = Household.objects.filter(
        conditions, team__municipality_id=team.municipality_id
    ).only("reference", "team_id", "contact_name", "phone", "postcode", "house_number")
    in_team, elsewhere = [], False
    for candidate in candidates:
        reasons = []
        if phone and candidate.phone == phone:
            reasons.append(_("same phone number"))
        if postcode and candidate.postcode == postcode:
            if house_number and candidate.house_number.lower() == house_number.lower():
                reasons.append(_("same postcode and house number"))
            elif _name_is_similar(candidate.contact_name, contact_name):
                reasons.append(_("similar name at the same postcode"))
        if not reasons:
            continue
        if candidate.team_id == team.pk:
            in_team.append(DuplicateMatch(reference=candidate.reference, reasons=reasons))
        else:
            elsewhere = True
    return DuplicateCheck(in_team=in_team, elsewhere=elsewhere)


def changed_since(*, household: Household, version: int | None, data: dict) -> dict:
    """The answers of a form opened at `version` that differ from what that version held:
    a question the peer left alone is not a change (and so never clashes with a change
    someone else made meanwhile). All of them when the version is unknown."""
    if version is None:
        return data
    base = (
        Household.history.filter(id=household.pk, version=version).order_by("-history_date").first()
    )
    if base is None:
        return data
    return {name: value for name, value in data.items() if getattr(base, name, None) != value}


def neighbourhood_name(household: Household) -> str:
    """The name of the household's neighbourhood, as the list offered it; empty if none."""
    if not household.neighbourhood_code:
        return ""
    names = AreaName.objects.filter(code=household.neighbourhood_code)
    if household.neighbourhood_year:
        names = names.filter(year__lte=household.neighbourhood_year)
    return names.order_by("-year").values_list("name", flat=True).first() or ""
