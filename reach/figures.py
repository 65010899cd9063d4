"""From facts to published cells: put facts into the fixed cells, protect, round.

Pure Python over the facts the measures read (one query per measure); nothing here touches
the database, which keeps the disclosure rules testable over random data sets."""

import re
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from reach import periods
from reach.disclosure import NO_PARENT, Key, protect, round_to
from reach.models import AreaKind, PeriodKind, SuppressionReason
from reach.registry import MEASURES, Fact, Kind, Measure

UNKNOWN_DISTRICT = "unknown"
NEIGHBOURHOOD = re.compile(r"^BU(\d{4}[0-9A-Z]{2})[0-9A-Z]{2}$")
SHARE_PLACES = Decimal("0.01")
MEAN_PLACES = Decimal("0.1")


@lru_cache(maxsize=65536)  # a refresh asks it for every fact; there are few neighbourhoods
def district_of(neighbourhood_code: str) -> str:
    """The CBS district (wijk) a neighbourhood (buurt) lies in: BU16740101 -> WK167401."""
    match = NEIGHBOURHOOD.match(neighbourhood_code or "")
    return f"WK{match.group(1)}" if match else UNKNOWN_DISTRICT


@dataclass(slots=True)
class Bucket:
    households: set = field(default_factory=set)
    total: Decimal = Decimal(0)
    amounts: dict = field(default_factory=dict)  # household -> its amount (for means)
    items: set = field(default_factory=set)  # what an ITEMS measure counts


@dataclass(slots=True)
class Cell:
    measure: str
    period: str
    area: str
    area_kind: str
    team_id: int | None
    breakdown: str
    value: Decimal | None
    suppressed: bool
    reason: str
    # The households behind the cell: kept in memory for the checks, never stored (the
    # bucket's own set, not a copy: nothing changes it after the cell is made).
    households: AbstractSet = frozenset()


def accumulate(
    facts: Iterable[Fact], *, municipality_code: str, today: date, horizon: date
) -> dict[Key, Bucket]:
    """Every fact into each cell it belongs to: each period it touches, the municipality
    and its district, all teams and its own team, all breakdown values and its own.

    Done in two steps, for speed at national size: each fact goes into the finest cells
    only (month, district, team, own breakdown), and every finest cell is then added to
    the cells that contain it as whole sets. Unions give the same households and items as
    adding each fact everywhere; a total is the same as long as each fact lies in one
    finest cell of a coarser one, so a fact with an amount that spans several months is
    added everywhere directly. (A household's amount in a cell, for means, is the last one
    added: a mean's measure has one fact per household.)"""
    households: dict[Key, set] = defaultdict(set)
    items: dict[Key, set] = defaultdict(set)
    totals: dict[Key, Decimal] = defaultdict(Decimal)
    amounts: dict[Key, dict] = defaultdict(dict)
    finest: dict[Key, set] = defaultdict(set)
    finest_items: dict[Key, set] = defaultdict(set)
    finest_totals: dict[Key, Decimal] = defaultdict(Decimal)
    finest_amounts: dict[Key, dict] = defaultdict(dict)
    for fact in facts:
        start = max(fact.start, horizon)
        end = today if fact.end is None else min(fact.end, today)
        if end < start:
            continue
        district = district_of(fact.neighbourhood_code)
        months = periods.months_touching(start, end)
        household = fact.household_id
        if fact.amount is not None and len(months) > 1:
            amount = Decimal(fact.amount)
            for key in _containing(
                periods.periods_touching(start, end),
                municipality_code,
                district,
                fact.team_id,
                fact.breakdown,
            ):
                households[key].add(household)
                if fact.item is not None:
                    items[key].add(fact.item)
                totals[key] += amount
                amounts[key][household] = amount
            continue
        for month in months:
            key = (month, district, fact.team_id, fact.breakdown)
            finest[key].add(household)
            if fact.item is not None:
                finest_items[key].add(fact.item)
            if fact.amount is not None:
                amount = Decimal(fact.amount)
                finest_totals[key] += amount
                finest_amounts[key][household] = amount
    for finest_key, members in finest.items():
        month, district, team_id, breakdown = finest_key
        counted = finest_items.get(finest_key)
        paid = finest_amounts.get(finest_key)
        for key in _containing(
            periods.month_and_up(month), municipality_code, district, team_id, breakdown
        ):
            households[key].update(members)
            if counted:
                items[key].update(counted)
            if paid:
                totals[key] += finest_totals[finest_key]
                amounts[key].update(paid)
    return {
        key: Bucket(
            households=members,
            total=totals.get(key, Decimal(0)),
            amounts=amounts.get(key, {}),
            items=items.get(key, set()),
        )
        for key, members in households.items()
    }


def _containing(period_labels, municipality_code: str, district: str, team_id, breakdown: str):
    """The cells (period, area, team, breakdown) that hold something of these periods,
    this district, team and breakdown."""
    breakdowns = ("", breakdown) if breakdown else ("",)
    return [
        (period, area, team, part)
        for period in period_labels
        for area in (municipality_code, district)
        for team in (None, team_id)
        for part in breakdowns
    ]


def hierarchy(municipality_code: str):
    """Parent functions per key dimension, and whether siblings share no household."""
    parents = [
        lambda period: periods.parent_of(period) or NO_PARENT,
        lambda area: NO_PARENT if area == municipality_code else municipality_code,
        lambda team: NO_PARENT if team is None else None,
        lambda breakdown: "" if breakdown else NO_PARENT,
    ]
    # A household has one team and one neighbourhood, but spans months and categories.
    disjoint = [False, True, True, False]
    return parents, disjoint


def year_total_goes_first(parent: Key, child: Key) -> bool:
    """Rather than lose a quarter or month of the trend, hide the year total that would
    give a hidden one away (typically the first, partial year of a team)."""
    return parent[1:] == child[1:] and periods.kind_of(parent[0]) == PeriodKind.YEAR


def measure_cells(
    definition: Measure,
    buckets: dict[str, dict[Key, Bucket]],
    *,
    municipality_code: str,
    k: int,
    rounding: int,
) -> list[Cell]:
    """The published cells of one measure, protected and rounded."""
    if definition.kind == Kind.SHARE:
        bases, values = _share_values(definition, buckets)
        value_of = values.get
    else:
        own = buckets.get(definition.name, {})
        if definition.kind == Kind.MEAN:
            bases = {key: set(bucket.amounts) for key, bucket in own.items()}

            def value_of(key):
                amounts = own[key].amounts
                mean = sum(amounts.values()) / len(amounts)
                return mean.quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)
        else:
            bases = {key: bucket.households for key, bucket in own.items()}
            base = definition.rounding or rounding

            def value_of(key):
                bucket = own[key]
                raw = {
                    Kind.HOUSEHOLDS: len(bucket.households),
                    Kind.ITEMS: len(bucket.items),
                }.get(definition.kind, bucket.total)
                return Decimal(round_to(raw, base))

    parents, disjoint = hierarchy(municipality_code)
    bases = {key: members for key, members in bases.items() if members}
    suppressed = protect(
        bases,
        k=k,
        parents=parents,
        disjoint=disjoint,
        hide_parent_first=year_total_goes_first,
    )
    ratio = definition.kind in (Kind.SHARE, Kind.MEAN)
    cells = []
    for key, members in bases.items():
        period, area, team_id, breakdown = key
        reason = suppressed.get(key, "")
        if ratio and reason == SuppressionReason.TOO_FEW:
            reason = SuppressionReason.SMALL_DENOMINATOR
        cells.append(
            Cell(
                measure=definition.name,
                period=period,
                area=area,
                area_kind=AreaKind.MUNICIPALITY if area == municipality_code else AreaKind.DISTRICT,
                team_id=team_id,
                breakdown=breakdown,
                # Only published cells need their figure worked out.
                value=None if reason else value_of(key),
                suppressed=bool(reason),
                reason=reason,
                households=members,
            )
        )
    return cells


def _share_values(definition: Measure, buckets: dict[str, dict[Key, Bucket]]):
    denominators = buckets.get(definition.denominator, {})
    numerators = buckets.get(definition.numerator, {})
    breakdowns = sorted({key[3] for key in numerators if key[3]}) or [""]
    bases, values = {}, {}
    for den_key, den in denominators.items():
        if den_key[3]:
            continue
        for breakdown in breakdowns:
            key = (*den_key[:3], breakdown)
            num = numerators.get(key)
            if definition.share_of_amounts:
                part = num.total if num else Decimal(0)
                whole = den.total
            else:
                part = Decimal(len(num.households & den.households)) if num else Decimal(0)
                whole = Decimal(len(den.households))
            if whole:
                values[key] = (part / whole).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)
            bases[key] = den.households
    return bases, values


def compute_cells(
    facts_by_measure: dict[str, Iterable[Fact]],
    *,
    municipality_code: str,
    today: date,
    horizon: date,
    k: int,
    rounding: int,
    measures: dict[str, Measure] | None = None,
) -> list[Cell]:
    """All published cells of a municipality, from the facts of every measure."""
    measures = MEASURES if measures is None else measures
    buckets = {
        name: accumulate(facts, municipality_code=municipality_code, today=today, horizon=horizon)
        for name, facts in facts_by_measure.items()
    }
    cells: list[Cell] = []
    for definition in measures.values():
        if definition.published:
            cells += measure_cells(
                definition, buckets, municipality_code=municipality_code, k=k, rounding=rounding
            )
    return cells
