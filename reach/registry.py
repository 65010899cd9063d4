"""The registry of measures: what a figure counts, kept apart from how it is protected.

A measure is a function decorated with `@measure(...)` that returns facts: one per
household (and date, and optional breakdown value such as a category) that the figure is
made of. The refresh reads each measure's facts with one query, puts every fact into all
the fixed cells it belongs to, and disclosure control then counts *distinct households*
per cell, so k always applies to households, never to rows. See docs/reach.md for how to
add a measure."""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.db.models import F, Model, QuerySet
from django.utils.functional import Promise

from outreach.models import Household


class Kind(StrEnum):
    HOUSEHOLDS = "households"  # number of distinct households
    SUM = "sum"  # sum of the facts' amounts (visits, euros), k on distinct households
    MEAN = "mean"  # mean of one amount per household (a satisfaction score)
    SHARE = "share"  # fraction of a denominator measure's households (or amounts)
    # Number of distinct things (activities, sessions, participants), each fact naming its
    # `item`; k still applies to the distinct households (or people) behind them.
    ITEMS = "items"


@dataclass(frozen=True, slots=True)
class Fact:
    # A household's id; for someone not linked to a household, a tuple naming the person.
    household_id: Hashable
    team_id: int
    neighbourhood_code: str
    start: date
    # None: still going on today; the same as start: something that happened on one day.
    end: date | None
    breakdown: str = ""
    amount: Decimal | int | None = None
    item: Hashable = None  # what an ITEMS measure counts


@dataclass(frozen=True)
class Scope:
    """What one refresh looks at: one municipality, up to today, from the horizon on."""

    municipality_id: int
    today: date
    horizon: date

    def records(self, model: type[Model]) -> QuerySet:
        """Rows of a case-record model of this municipality's households."""
        if model is Household:
            return Household.objects.filter(team__municipality_id=self.municipality_id)
        return model.objects.filter(household__team__municipality_id=self.municipality_id)


@dataclass
class Measure:
    name: str
    label: Promise | str
    kind: Kind
    facts: Callable[[Scope], Iterable[Fact]] | None = None
    section: str = "households"
    # SHARE: the measures over whose households (or, with share_of_amounts, amounts) the
    # fraction is taken; the numerator's households are intersected with the denominator's.
    numerator: str | None = None
    denominator: str | None = None
    share_of_amounts: bool = False
    # Rounding base for SUM values (None: the count rounding, REACH_ROUNDING).
    rounding: int | None = None
    # A label for each breakdown value (choices of a category field, provision names...).
    breakdown_labels: Callable[[], dict[str, str]] | None = None
    # HOUSEHOLDS: the measure whose households in each cell hold this one's (new, visited and
    # closed households are reached households). The two are protected as one table: their
    # counts in a cell differ by no household or by at least k.
    within: str | None = None
    # The breakdown values are names people keep (signal themes): a suppressed cell does not
    # show its value. All suppressed cells of a period, area and team become one cell with
    # the breakdown HIDDEN_BREAKDOWN, so neither which nor how many are hidden shows.
    hide_suppressed_breakdowns: bool = False
    # Helper measures only serve as a denominator and are never published themselves.
    published: bool = True
    unit: str = ""


MEASURES: dict[str, Measure] = {}
HIDDEN_BREAKDOWN = "*hidden"


def measure(name: str, *, label, kind: Kind = Kind.HOUSEHOLDS, **options):
    """Register a function `facts(scope) -> Iterable[Fact]` as a measure."""

    def register(function: Callable[[Scope], Iterable[Fact]]):
        register_measure(Measure(name=name, label=label, kind=kind, facts=function, **options))
        return function

    return register


def register_measure(definition: Measure) -> Measure:
    if definition.name in MEASURES:
        raise ValueError(f"Measure {definition.name!r} is registered twice")
    MEASURES[definition.name] = definition
    return definition


def share(name: str, *, label, numerator: str, denominator: str, **options) -> Measure:
    """Register a fraction: numerator's households among the denominator's, per cell."""
    return register_measure(
        Measure(
            name=name,
            label=label,
            kind=Kind.SHARE,
            numerator=numerator,
            denominator=denominator,
            **options,
        )
    )


def facts_from(
    queryset: QuerySet,
    *,
    start,
    end=None,
    ongoing: bool = False,
    breakdown=None,
    amount=None,
    household: str = "household",
) -> Iterable[Fact]:
    """Facts from a queryset in one query. `start`/`end`/`breakdown`/`amount` are field names
    or expressions; without `end` a fact is an event on its start date, with `ongoing` it
    lasts until today. `household` is the path to the household ("" for Household itself)."""
    prefix = f"{household}__" if household else ""
    columns = {
        "fact_household": F(f"{prefix}id" if household else "id"),
        "fact_team": F(f"{prefix}team_id"),
        "fact_neighbourhood": F(f"{prefix}neighbourhood_code"),
        "fact_start": _expression(start),
    }
    if end is not None:
        columns["fact_end"] = _expression(end)
    if breakdown is not None:
        columns["fact_breakdown"] = _expression(breakdown)
    if amount is not None:
        columns["fact_amount"] = _expression(amount)
    for row in queryset.order_by().values(**columns).iterator(chunk_size=5000):
        start_date = row["fact_start"]
        if start_date is None:
            continue
        end_date = row.get("fact_end", None if ongoing else start_date)
        yield Fact(
            household_id=row["fact_household"],
            team_id=row["fact_team"],
            neighbourhood_code=row["fact_neighbourhood"] or "",
            start=start_date,
            end=end_date,
            breakdown=str(row.get("fact_breakdown") or ""),
            amount=row.get("fact_amount"),
        )


def _expression(value):
    return F(value) if isinstance(value, str) else value
