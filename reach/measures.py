"""The measures the municipality sees. Each reads its facts with one query.

Dates are local (Europe/Amsterdam) calendar days. A household "reached" in a period had an
open case on at least one day of it; events (registered, visited, closed, a check's outcome)
count in the period they happened in. Adding a measure: see docs/reach.md."""

from collections import Counter, defaultdict, deque
from decimal import Decimal
from itertools import groupby

from django.db.models import DecimalField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import Attendance, Enrolment, OutboxMessage, Session
from notifications.selectors import DELIVERED, WENT_OUT
from outreach.models import (
    Household,
    IncomeSource,
    LadderStep,
    LeavingReason,
    OfferKind,
    OwnScore,
    ParticipationPlan,
    ParticipationWish,
    PartnerKind,
    ProvisionCheck,
    ProvisionOutcome,
    Referral,
    Signal,
    SignalStatus,
    TeamMembership,
    Visit,
    VisitKind,
    WishCategory,
)
from outreach.workflow import CLOSINGS_THAT_INVITE_A_SCORE, WishStatus
from reach.registry import Fact, Kind, Scope, facts_from, measure, share

REGISTERED = TruncDate("created_at")
CLOSED = TruncDate("closed_at")
NON_USE_OUTCOMES = (
    ProvisionOutcome.NON_USE_FOUND,
    ProvisionOutcome.APPLICATION_IN_PROGRESS,
    ProvisionOutcome.GRANTED,
    ProvisionOutcome.REJECTED,
)
APPLIED_OUTCOMES = (
    ProvisionOutcome.APPLICATION_IN_PROGRESS,
    ProvisionOutcome.GRANTED,
    ProvisionOutcome.REJECTED,
)


def choice_labels(choices) -> callable:
    return lambda: {value: str(label) for value, label in choices.choices}


def _reached(scope: Scope, **filters):
    """Households with an open case on each day from registration to closing."""
    return facts_from(
        scope.records(Household).filter(**filters), household="", start=REGISTERED, end=CLOSED
    )


# --- Households ---------------------------------------------------------------------------


@measure("households_reached", label=_("Households reached (case open in the period)"))
def households_reached(scope: Scope):
    return _reached(scope)


@measure(
    "households_new",
    within="households_reached",
    label=_("New households (registered in the period)"),
)
def households_new(scope: Scope):
    return facts_from(scope.records(Household), household="", start=REGISTERED)


@measure(
    "households_active",
    within="households_reached",
    label=_("Active households (visited in the period)"),
)
def households_active(scope: Scope):
    return facts_from(scope.records(Visit), start=TruncDate("started_at"))


@measure(
    "households_closed", within="households_reached", label=_("Households whose case was closed")
)
def households_closed(scope: Scope):
    return facts_from(
        scope.records(Household).filter(closed_at__isnull=False), household="", start=CLOSED
    )


@measure("reached_unknown_before", label=_("Reached, not known before"), published=False)
def reached_unknown_before(scope: Scope):
    return _reached(scope, known_to_municipality="no")


share(
    "share_unknown_before",
    label=_("Share of reached households not known to the municipality before"),
    numerator="reached_unknown_before",
    denominator="households_reached",
)


# --- Visits and the participation plan ----------------------------------------------------


@measure(
    "visits",
    label=_("Visits, by kind"),
    kind=Kind.SUM,
    section="visits",
    breakdown_labels=choice_labels(VisitKind),
)
def visits(scope: Scope):
    return facts_from(
        scope.records(Visit), start=TruncDate("started_at"), breakdown="kind", amount=Value(1)
    )


@measure("households_with_plan", label=_("Households with a plan"), published=False)
def households_with_plan(scope: Scope):
    # From the day a plan was agreed with the household on (a wish noted is not a plan).
    return facts_from(scope.records(ParticipationPlan), start="agreed_on", ongoing=True)


share(
    "share_with_plan",
    label=_("Share of reached households with a participation plan agreed with them"),
    numerator="households_with_plan",
    denominator="households_reached",
    section="visits",
)


def _rung(first: bool) -> Subquery:
    steps = LadderStep.objects.filter(household=OuterRef("pk")).order_by(
        *(("on", "id") if first else ("-on", "-id"))
    )
    return Subquery(steps.values("rung")[:1])


def _closed_with_plan(scope: Scope, condition: Q | None = None):
    """Closed households with a plan, with their first and last rung on the ladder."""
    households = (
        scope.records(Household)
        .filter(Exists(ParticipationPlan.objects.filter(household=OuterRef("pk"))))
        .filter(closed_at__isnull=False)
        .annotate(first_rung=_rung(first=True), last_rung=_rung(first=False))
    )
    if condition is not None:
        households = households.filter(condition)
    return facts_from(households, household="", start=CLOSED)


# "Became more active" is derived from the ladder: the last rung higher than the first. The
# coordinator confirms or corrects it at closing (Household.became_more_active); what they
# said counts over the ladder, and how often they corrected it is published beside it.
RUNG_WENT_UP = Q(last_rung__gt=F("first_rung"))
RUNG_NOT_UP = Q(last_rung__lte=F("first_rung"))
CORRECTED = (Q(became_more_active=True) & RUNG_NOT_UP) | (
    Q(became_more_active=False) & RUNG_WENT_UP
)


@measure("closed_with_plan", label=_("Closed with a plan"), published=False)
def closed_with_plan(scope: Scope):
    return _closed_with_plan(scope)


@measure(
    "closed_rung_up",
    label=_("Closed with a plan, a higher rung on the ladder at the end"),
    published=False,
)
def closed_rung_up(scope: Scope):
    return _closed_with_plan(scope, RUNG_WENT_UP)


@measure("closed_more_active", label=_("Closed with a plan, more active"), published=False)
def closed_more_active(scope: Scope):
    corrected_to_yes = Q(became_more_active=True)
    return _closed_with_plan(
        scope, (RUNG_WENT_UP & ~Q(became_more_active=False)) | corrected_to_yes
    )


share(
    "share_rung_up",
    label=_("Share of closed households with a plan that went up the participation ladder"),
    numerator="closed_rung_up",
    denominator="closed_with_plan",
    section="visits",
)

share(
    "share_more_active",
    label=_(
        "Share of closed households with a plan that became more active (the ladder, "
        "as confirmed or corrected by the coordinator)"
    ),
    numerator="closed_more_active",
    denominator="closed_with_plan",
    section="visits",
)


@measure(
    "closed_more_active_corrected",
    within="closed_with_plan",
    label=_("Closed households with a plan where the coordinator corrected the ladder"),
    section="visits",
)
def closed_more_active_corrected(scope: Scope):
    return _closed_with_plan(scope, CORRECTED)


# --- Participation wishes -----------------------------------------------------------------


@measure(
    "wishes_by_category",
    label=_("Participation wishes, by category"),
    kind=Kind.SUM,
    section="wishes",
    breakdown_labels=choice_labels(WishCategory),
)
def wishes_by_category(scope: Scope):
    return facts_from(
        scope.records(ParticipationWish),
        start="articulated_on",
        breakdown="category",
        amount=Value(1),
    )


@measure(
    "wishes_by_status",
    label=_("Participation wishes made in the period, by status now"),
    kind=Kind.SUM,
    section="wishes",
    breakdown_labels=choice_labels(WishStatus),
)
def wishes_by_status(scope: Scope):
    return facts_from(
        scope.records(ParticipationWish),
        start="articulated_on",
        breakdown="status",
        amount=Value(1),
    )


@measure("wishes_realised", label=_("Wishes realised"), kind=Kind.SUM, published=False)
def wishes_realised(scope: Scope):
    return facts_from(
        scope.records(ParticipationWish).filter(status=WishStatus.REALISED),
        start="articulated_on",
        amount=Value(1),
    )


share(
    "share_wishes_realised",
    label=_("Share of the wishes made in the period that have been realised"),
    numerator="wishes_realised",
    denominator="wishes_by_category",
    share_of_amounts=True,
    section="wishes",
)


@measure(
    "wishes_realised_by_offer_kind",
    label=_("Wishes realised through the local offer, by kind of offer"),
    kind=Kind.SUM,
    section="wishes",
    breakdown_labels=choice_labels(OfferKind),
)
def wishes_realised_by_offer_kind(scope: Scope):
    """Realised wishes linked to an entry of the local offer (a club, a course, a fund),
    counted in the period they were realised, per kind of entry. A wish counts for the
    kind its entry has now."""
    return facts_from(
        scope.records(ParticipationWish).filter(status=WishStatus.REALISED, offer__isnull=False),
        start="status_changed_on",
        breakdown="offer__kind",
        amount=Value(1),
    )


# --- Provisions (non-use) -----------------------------------------------------------------


def _checks(scope: Scope, outcomes, date_field: str, **options):
    return facts_from(
        scope.records(ProvisionCheck).filter(outcome__in=outcomes),
        start=date_field,
        breakdown="provision__name",
        **options,
    )


@measure(
    "non_use_found",
    label=_("Households with non-use found, by provision"),
    section="provisions",
)
def non_use_found(scope: Scope):
    return _checks(scope, NON_USE_OUTCOMES, "checked_on")


@measure(
    "applications",
    label=_("Households that applied, by provision"),
    section="provisions",
)
def applications(scope: Scope):
    return _checks(scope, APPLIED_OUTCOMES, "outcome_changed_on")


@measure(
    "non_use_resolved",
    within="applications",
    label=_("Households granted a provision they did not use (non-use resolved)"),
    section="provisions",
)
def non_use_resolved(scope: Scope):
    return _checks(scope, [ProvisionOutcome.GRANTED], "outcome_changed_on")


@measure(
    "rejected",
    within="applications",
    label=_("Households whose application was rejected, by provision"),
    section="provisions",
)
def rejected(scope: Scope):
    return _checks(scope, [ProvisionOutcome.REJECTED], "outcome_changed_on")


@measure(
    "euros_unlocked_per_year",
    label=_("Euros per year unlocked (granted provisions)"),
    kind=Kind.SUM,
    section="provisions",
    rounding=100,
    unit="EUR",
)
def euros_unlocked_per_year(scope: Scope):
    return _checks(
        scope,
        [ProvisionOutcome.GRANTED],
        "outcome_changed_on",
        # The amount the provider granted per year, where the grant came through an
        # application; a check marked granted without one counts its estimate (docs/reach.md).
        amount=Coalesce(
            "application__granted_annual_amount",
            "estimated_annual_value",
            "provision__typical_annual_value",
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=8, decimal_places=2),
        ),
    )


# --- Satisfaction at closing: the household's own word ----------------------------------


def _scored(scope: Scope, **filters):
    """The household's own score (its text message reply or its paper form), counted when
    its case closed. The coordinator's estimate (Household.satisfaction) is never used."""
    return facts_from(
        scope.records(OwnScore).filter(household__closed_at__isnull=False, **filters),
        start=TruncDate("household__closed_at"),
        amount="score",
    )


@measure(
    "satisfaction_mean",
    label=_("Average score the households gave themselves at closing (1-10)"),
    kind=Kind.MEAN,
    section="satisfaction",
)
def satisfaction_mean(scope: Scope):
    return _scored(scope)


@measure("satisfied", label=_("Satisfied (8 or higher)"), published=False)
def satisfied(scope: Scope):
    return _scored(scope, score__gte=8)


share(
    "share_satisfied",
    label=_("Share of the households giving their own score that gave 8 or higher"),
    numerator="satisfied",
    denominator="satisfaction_mean",
    section="satisfaction",
)


@measure("score_asked", label=_("Closed after help, asked for a score"), published=False)
def score_asked(scope: Scope):
    # Asked after the closings that invite a score: not after moving away, no contact, or
    # wanting no further help. A score given anyway still counts as an answer.
    has_score = OwnScore.objects.filter(household=OuterRef("pk"))
    return facts_from(
        scope.records(Household).filter(
            Q(closing_reason__in=CLOSINGS_THAT_INVITE_A_SCORE) | Exists(has_score),
            closed_at__isnull=False,
        ),
        household="",
        start=CLOSED,
    )


share(
    "score_response_rate",
    label=_("Response rate: share of the households asked at closing that gave their own score"),
    numerator="satisfaction_mean",
    denominator="score_asked",
    section="satisfaction",
)


# --- Household circumstances --------------------------------------------------------------

CIRCUMSTANCES = {
    "no_paid_work": _("Share with no paid work (of those who said)"),
    "physical_health_problems": _("Share with physical health problems (of those who said)"),
    "psychological_problems": _("Share with psychological problems (of those who said)"),
}


def _register_circumstance(field: str, label) -> None:
    recorded, present = f"{field}_recorded", f"{field}_present"
    measure(recorded, label=recorded, published=False)(
        lambda scope: _reached(scope, **{f"{field}__isnull": False})
    )
    measure(present, label=present, published=False)(lambda scope: _reached(scope, **{field: True}))
    share(
        f"share_{field}",
        label=label,
        numerator=present,
        denominator=recorded,
        section="circumstances",
    )


for _field, _label in CIRCUMSTANCES.items():
    _register_circumstance(_field, _label)


@measure("reached_by_income", label=_("Reached, by income source"), published=False)
def reached_by_income(scope: Scope):
    return facts_from(
        scope.records(Household),
        household="",
        start=REGISTERED,
        end=CLOSED,
        breakdown="main_income_source",
    )


share(
    "share_income_source",
    label=_("Main source of income (share of reached households)"),
    numerator="reached_by_income",
    denominator="households_reached",
    section="circumstances",
    breakdown_labels=choice_labels(IncomeSource),
)


# --- Referrals to partner organisations ---------------------------------------------------


@measure(
    "referrals_by_kind",
    label=_("Referrals to partner organisations, by kind"),
    kind=Kind.SUM,
    section="referrals",
    breakdown_labels=choice_labels(PartnerKind),
)
def referrals_by_kind(scope: Scope):
    return facts_from(
        scope.records(Referral), start="referred_on", breakdown="kind", amount=Value(1)
    )


# --- Signals forwarded by coordinators (coordinator workspace) ----------------------------

# A signal names no household, only how many it concerns. Each stands for that many
# households (capped: beyond this a cell passes k anyway), so k still applies to households.
SIGNAL_HOUSEHOLDS_COUNTED = 100
# Signals whose theme an administrator has not put on the list count under this row: a
# theme's name reaches the figures only from the list. (Names start with a letter or digit.)
UNLISTED_THEME = "*unlisted"


@measure(
    "signals_forwarded",
    label=_("Households concerned by signals forwarded to the municipality, by theme"),
    kind=Kind.SUM,
    section="signals",
    breakdown_labels=lambda: {UNLISTED_THEME: str(_("Theme not on the list (yet)"))},
    hide_suppressed_breakdowns=True,
)
def signals_forwarded(scope: Scope):
    forwarded = Signal.objects.filter(
        team__municipality_id=scope.municipality_id,
        status=SignalStatus.FORWARDED,
        reviewed_at__isnull=False,
    )
    rows = forwarded.order_by().values_list(
        "pk", "team_id", "neighbourhood_code", TruncDate("reviewed_at"), "theme__name",
        "theme__listed", "households_concerned",
    )  # fmt: skip
    for pk, team_id, neighbourhood, day, name, listed, concerned in rows.iterator(chunk_size=2000):
        theme = name if listed else UNLISTED_THEME
        for number in range(min(concerned, SIGNAL_HOUSEHOLDS_COUNTED)):
            yield Fact(
                household_id=("signal", pk, number),
                team_id=team_id,
                neighbourhood_code=neighbourhood,
                start=day,
                end=day,
                breakdown=theme,
                amount=concerned if number == 0 else 0,
            )


# --- The team itself: turnover, and members who left for paid work ------------------------

# Team members are counted as people, not households: k applies to the number of members in
# a cell, so a small team's figures stay hidden. A member has no neighbourhood here (where
# they live is not recorded): they count in the municipality's cells only.


def _memberships(scope: Scope, date_field: str, **filters):
    rows = (
        TeamMembership.objects.filter(team__municipality_id=scope.municipality_id, **filters)
        .exclude(**{f"{date_field}__isnull": True})
        .order_by()
        .values_list("user_id", "team_id", date_field)
    )
    for user_id, team_id, day in rows.iterator(chunk_size=2000):
        yield Fact(
            household_id=("member", user_id),
            team_id=team_id,
            neighbourhood_code="",
            start=day,
            end=day,
        )


@measure("team_members_joined", label=_("Team members who joined"), section="team")
def team_members_joined(scope: Scope):
    return _memberships(scope, "started_on")


@measure("team_members_left", label=_("Team members who left"), section="team")
def team_members_left(scope: Scope):
    return _memberships(scope, "ended_on")


@measure(
    "team_members_left_for_paid_work",
    within="team_members_left",
    label=_("Team members who left for paid work (on to work)"),
    section="team",
)
def team_members_left_for_paid_work(scope: Scope):
    return _memberships(scope, "ended_on", left_for=LeavingReason.PAID_WORK)


# --- Activities and text messages (activities and SMS part) -------------------------------

# Activities are not case records: a participant need not belong to a visited household.
# The unit k counts is the household where a participant belongs to one, otherwise the
# person, so a household with three members at the cooking group still counts once.


# A participant cut loose from an anonymised household keeps a token of it (reach_unit)
# and its neighbourhood, so the figures stay the same after anonymisation.


def _person(household_id: int | None, reach_unit: str, participant_id: int | None):
    if household_id is not None:
        return household_id
    return ("former", reach_unit) if reach_unit else ("participant", participant_id)


PARTICIPANT_NEIGHBOURHOOD = Coalesce(
    NullIf("participant__household__neighbourhood_code", Value("")),
    "participant__reach_neighbourhood",
    Value(""),
)


def _held_sessions(scope: Scope):
    """Sessions that took place (not cancelled, started before now) of this municipality.
    Earlier ones than the horizon too: whether someone is regular looks back N sessions."""
    return Session.objects.filter(
        activity__team__municipality_id=scope.municipality_id,
        cancelled=False,
        starts_at__lt=timezone.now(),
    )


def _presences(scope: Scope, item):
    """One fact per participant present at a session held; `item(row)` names what counts."""
    rows = (
        Attendance.objects.filter(present=True, session__in=_held_sessions(scope))
        .order_by()
        .values(
            "participant_id",
            "participant__household_id",
            "participant__reach_unit",
            "session_id",
            "session__activity_id",
            "session__activity__team_id",
            neighbourhood=PARTICIPANT_NEIGHBOURHOOD,
            day=TruncDate("session__starts_at"),
        )
    )
    for row in rows.iterator(chunk_size=5000):
        yield Fact(
            household_id=_person(
                row["participant__household_id"],
                row["participant__reach_unit"],
                row["participant_id"],
            ),
            team_id=row["session__activity__team_id"],
            neighbourhood_code=row["neighbourhood"] or "",
            start=row["day"],
            end=row["day"],
            item=item(row),
        )


@measure(
    "activities_held",
    label=_("Activities with a session held (participants present counted for k)"),
    kind=Kind.ITEMS,
    section="activities",
)
def activities_held(scope: Scope):
    return _presences(scope, lambda row: row["session__activity_id"])


@measure(
    "sessions_held",
    label=_("Sessions held (participants present counted for k)"),
    kind=Kind.ITEMS,
    section="activities",
)
def sessions_held(scope: Scope):
    return _presences(scope, lambda row: row["session_id"])


@measure(
    "regular_participants",
    label=_("Regular participants of activities"),
    kind=Kind.ITEMS,
    section="activities",
)
def regular_participants(scope: Scope):
    """Regular as the activities part defines it: enrolled as regular, or present at
    least M of the activity's last N sessions held (M and N per activity). A participant
    counts in every period in which they were regular at a session held."""
    sessions = list(
        _held_sessions(scope)
        .order_by("activity_id", "starts_at", "id")
        .values_list(
            "id",
            "activity_id",
            "activity__team_id",
            "activity__regular_min_present",
            "activity__regular_window",
            TruncDate("starts_at"),
        )
    )
    present: dict[int, list[tuple]] = defaultdict(list)
    attendance = Attendance.objects.filter(
        present=True, session_id__in=[row[0] for row in sessions]
    ).values_list(
        "session_id",
        "participant_id",
        "participant__household_id",
        "participant__reach_unit",
        PARTICIPANT_NEIGHBOURHOOD,
    )
    for session_id, *person in attendance.iterator(chunk_size=5000):
        present[session_id].append(tuple(person))
    for _activity, held in groupby(sessions, key=lambda row: row[1]):
        window: deque = deque()
        for session_id, _a, team_id, min_present, window_size, day in held:
            window.append(present.get(session_id, []))
            if len(window) > window_size:
                window.popleft()
            times = Counter(person for people in window for person in people)
            for (participant_id, household_id, unit, neighbourhood), count in times.items():
                if count >= min_present:
                    yield Fact(
                        household_id=_person(household_id, unit, participant_id),
                        team_id=team_id,
                        neighbourhood_code=neighbourhood or "",
                        start=day,
                        end=day,
                        item=participant_id,
                    )
    enrolled = Enrolment.objects.filter(
        activity__team__municipality_id=scope.municipality_id, is_regular=True
    ).values_list(
        "participant_id",
        "participant__household_id",
        "participant__reach_unit",
        PARTICIPANT_NEIGHBOURHOOD,
        "activity__team_id",
        TruncDate("enrolled_at"),
        TruncDate("ended_at"),
    )
    for participant_id, household_id, unit, neighbourhood, team_id, start, end in enrolled:
        yield Fact(
            household_id=_person(household_id, unit, participant_id),
            team_id=team_id,
            neighbourhood_code=neighbourhood or "",
            start=start,
            end=end,
            item=participant_id,
        )


def _messages(scope: Scope, statuses):
    """Text messages to participants and households (not the team's own work messages),
    by the day they went out, tied to the household or person they went to."""
    municipality = scope.municipality_id
    rows = (
        OutboxMessage.objects.filter(status__in=statuses, sent_at__isnull=False)
        .filter(Q(household__isnull=False) | Q(participant__isnull=False) | ~Q(reach_unit=""))
        .filter(
            Q(team__municipality_id=municipality)
            | Q(team__isnull=True, participant__team__municipality_id=municipality)
            | Q(
                team__isnull=True,
                participant__isnull=True,
                household__team__municipality_id=municipality,
            )
        )
        .order_by()
        .values(
            "participant_id",
            "participant__reach_unit",
            "reach_unit",
            day=TruncDate("sent_at"),
            fact_household=Coalesce("household_id", "participant__household_id"),
            fact_team=Coalesce("team_id", "participant__team_id", "household__team_id"),
            fact_neighbourhood=Coalesce(
                NullIf("household__neighbourhood_code", Value("")),
                NullIf("participant__household__neighbourhood_code", Value("")),
                NullIf("participant__reach_neighbourhood", Value("")),
                "reach_neighbourhood",
            ),
        )
    )
    for row in rows.iterator(chunk_size=5000):
        yield Fact(
            household_id=_person(
                row["fact_household"],
                row["participant__reach_unit"] or row["reach_unit"],
                row["participant_id"],
            ),
            team_id=row["fact_team"],
            neighbourhood_code=row["fact_neighbourhood"] or "",
            start=row["day"],
            end=row["day"],
            amount=1,
        )


@measure(
    "messages_sent",
    label=_("Text messages sent to participants and households"),
    kind=Kind.SUM,
    section="activities",
)
def messages_sent(scope: Scope):
    return _messages(scope, WENT_OUT)


@measure("messages_delivered", label=_("Text messages delivered"), kind=Kind.SUM, published=False)
def messages_delivered(scope: Scope):
    return _messages(scope, DELIVERED)


share(
    "delivery_rate",
    label=_("Share of the text messages sent that were delivered"),
    numerator="messages_delivered",
    denominator="messages_sent",
    share_of_amounts=True,
    section="activities",
)
