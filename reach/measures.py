"""The measures the municipality sees. Each reads its facts with one query.

Dates are local (Europe/Amsterdam) calendar days. A household "reached" in a period had an
open case on at least one day of it; events (registered, visited, closed, a check's outcome)
count in the period they happened in. Adding a measure: see docs/reach.md."""

from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from outreach.models import (
    Household,
    IncomeSource,
    ParticipationWish,
    ProvisionCheck,
    ProvisionOutcome,
    Visit,
    VisitKind,
    WishCategory,
)
from outreach.workflow import WishStatus
from reach.registry import Kind, Scope, facts_from, measure, share

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


@measure("households_new", label=_("New households (registered in the period)"))
def households_new(scope: Scope):
    return facts_from(scope.records(Household), household="", start=REGISTERED)


@measure("households_active", label=_("Active households (visited in the period)"))
def households_active(scope: Scope):
    return facts_from(scope.records(Visit), start=TruncDate("started_at"))


@measure("households_closed", label=_("Households whose case was closed"))
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
    # From the first wish on, a household has a participation plan.
    return facts_from(scope.records(ParticipationWish), start="articulated_on", ongoing=True)


share(
    "share_with_plan",
    label=_("Share of reached households with a participation plan (at least one wish)"),
    numerator="households_with_plan",
    denominator="households_reached",
    section="visits",
)


def _closed_with_plan(scope: Scope, **filters):
    has_wish = ParticipationWish.objects.filter(household=OuterRef("pk"))
    return facts_from(
        scope.records(Household).filter(Exists(has_wish), closed_at__isnull=False, **filters),
        household="",
        start=CLOSED,
    )


@measure("closed_with_plan", label=_("Closed with a plan"), published=False)
def closed_with_plan(scope: Scope):
    return _closed_with_plan(scope)


@measure("closed_more_active", label=_("Closed with a plan, more active"), published=False)
def closed_more_active(scope: Scope):
    return _closed_with_plan(scope, became_more_active=True)


share(
    "share_more_active",
    label=_("Share of closed households with a plan that became more active"),
    numerator="closed_more_active",
    denominator="closed_with_plan",
    section="visits",
)


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
    label=_("Households granted a provision they did not use (non-use resolved)"),
    section="provisions",
)
def non_use_resolved(scope: Scope):
    return _checks(scope, [ProvisionOutcome.GRANTED], "outcome_changed_on")


@measure(
    "rejected",
    label=_("Households whose application was rejected, by provision"),
    section="provisions",
)
def rejected(scope: Scope):
    return _checks(scope, [ProvisionOutcome.REJECTED], "outcome_changed_on")


@measure(
    "euros_unlocked_per_year",
    label=_("Estimated euros per year unlocked (granted provisions)"),
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
        amount=Coalesce(
            "estimated_annual_value",
            "provision__typical_annual_value",
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=8, decimal_places=2),
        ),
    )


# --- Satisfaction at closing --------------------------------------------------------------


def _scored(scope: Scope, **filters):
    return facts_from(
        scope.records(Household).filter(
            closed_at__isnull=False, satisfaction__isnull=False, **filters
        ),
        household="",
        start=CLOSED,
        amount="satisfaction",
    )


@measure(
    "satisfaction_mean",
    label=_("Average satisfaction at closing (1-10)"),
    kind=Kind.MEAN,
    section="satisfaction",
)
def satisfaction_mean(scope: Scope):
    return _scored(scope)


@measure("satisfied", label=_("Satisfied (8 or higher)"), published=False)
def satisfied(scope: Scope):
    return _scored(scope, satisfaction__gte=8)


share(
    "share_satisfied",
    label=_("Share of closing households that gave 8 or higher"),
    numerator="satisfied",
    denominator="satisfaction_mean",
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
