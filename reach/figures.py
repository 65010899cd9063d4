"""From facts to published cells: put facts into the fixed cells, protect, round.

Pure Python over the facts the measures read (one query per measure); nothing here touches
the database, which keeps the disclosure rules testable over random data sets."""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from reach import periods
from reach.disclosure import NO_PARENT, Key, protect, round_to
from reach.models import AreaKind, PeriodKind, SuppressionReason
from reach.registry import HIDDEN_BREAKDOWN, MEASURES, Fact, Kind, Measure

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
    # household -> its amount (a mean's one score), or the sum of its amounts (see
    # accumulate's add_amounts)
    amounts: dict = field(default_factory=dict)
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
    # For a share: the households it counts, and those of its denominator it leaves out.
    counted: AbstractSet = frozenset()
    left_out: AbstractSet = frozenset()


def accumulate(
    facts: Iterable[Fact],
    *,
    municipality_code: str,
    today: date,
    horizon: date,
    add_amounts: bool = False,
) -> dict[Key, Bucket]:
    """Every fact into each cell it belongs to: each period it touches, the municipality
    and its district, all teams and its own team, all breakdown values and its own.

    Done in two steps, for speed at national size: each fact goes into the finest cells
    only (month, district, team, own breakdown), and every finest cell is then added to
    the cells that contain it as whole sets. Unions give the same households and items as
    adding each fact everywhere; a total is the same as long as each fact lies in one
    finest cell of a coarser one, so a fact with an amount that spans several months is
    added everywhere directly. A household's amount in a cell is its last one (a mean's
    measure has one fact per household); with `add_amounts` its amounts are added up (the
    parts and wholes of a share of amounts, per household)."""
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
                amounts[key][household] = amount + (
                    amounts[key].get(household, 0) if add_amounts else 0
                )
            continue
        for month in months:
            key = (month, district, fact.team_id, fact.breakdown)
            finest[key].add(household)
            if fact.item is not None:
                finest_items[key].add(fact.item)
            if fact.amount is not None:
                amount = Decimal(fact.amount)
                finest_totals[key] += amount
                paid = finest_amounts[key]
                paid[household] = amount + (paid.get(household, 0) if add_amounts else 0)
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
                summed = amounts[key]
                if add_amounts and not summed.keys().isdisjoint(paid):
                    for household, amount in paid.items():
                        summed[household] = summed.get(household, 0) + amount
                else:
                    summed.update(paid)
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


@dataclass
class _Figures:
    """What one measure publishes, before protection: per cell the households it stands
    on, and for a share also the households it counts and those it leaves out."""

    definition: Measure
    bases: dict[Key, AbstractSet]
    value_of: Callable[[Key], Decimal | None]
    counted: dict[Key, AbstractSet] = field(default_factory=dict)
    left_out: dict[Key, AbstractSet] = field(default_factory=dict)


def _figures(
    definition: Measure, buckets: dict[str, dict[Key, Bucket]], *, rounding: int
) -> _Figures:
    if definition.kind == Kind.SHARE:
        return _share_figures(definition, buckets, rounding=rounding)
    own = buckets.get(definition.name, {})
    if definition.kind == Kind.MEAN:

        def mean_of(key):
            amounts = own[key].amounts
            mean = sum(amounts.values()) / len(amounts)
            return Decimal(mean).quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)

        bases = {key: set(bucket.amounts) for key, bucket in own.items()}
        return _Figures(definition, _non_empty(bases), mean_of)
    base = definition.rounding or rounding

    def count_of(key):
        bucket = own[key]
        raw = {
            Kind.HOUSEHOLDS: len(bucket.households),
            Kind.ITEMS: len(bucket.items),
        }.get(definition.kind, bucket.total)
        return Decimal(round_to(raw, base))

    bases = {key: bucket.households for key, bucket in own.items()}
    return _Figures(definition, _non_empty(bases), count_of)


def _non_empty(bases: dict[Key, AbstractSet]) -> dict[Key, AbstractSet]:
    return {key: members for key, members in bases.items() if members}


def _share_figures(
    definition: Measure, buckets: dict[str, dict[Key, Bucket]], *, rounding: int
) -> _Figures:
    """A share is worked out from the rounded part and the rounded whole, so that it tells
    nothing the rounded counts do not: share x published count gives the rounded count
    back, never the raw one."""
    denominators = buckets.get(definition.denominator, {})
    numerators = buckets.get(definition.numerator, {})
    whole_measure = MEASURES.get(definition.denominator)
    base = (whole_measure.rounding if whole_measure else None) or rounding
    breakdowns = sorted({key[3] for key in numerators if key[3]}) or [""]
    bases, counted, left_out, values = {}, {}, {}, {}
    for den_key, den in denominators.items():
        if den_key[3] or not den.households:
            continue
        for breakdown in breakdowns:
            key = (*den_key[:3], breakdown)
            num = numerators.get(key)
            if definition.share_of_amounts:
                part = num.total if num else Decimal(0)
                whole = den.total
                paid = num.amounts if num else {}
                counted[key] = {h for h in den.households if paid.get(h, 0) > 0}
                left_out[key] = {h for h, amount in den.amounts.items() if amount > paid.get(h, 0)}
            else:
                counted[key] = (num.households & den.households) if num else set()
                left_out[key] = den.households - counted[key]
                part, whole = len(counted[key]), len(den.households)
            # The whole is at least k >= 5 wherever the share is published, so its
            # rounded value is never 0 there.
            rounded_whole = round_to(whole, base) or 1
            values[key] = (Decimal(round_to(part, base)) / Decimal(rounded_whole)).quantize(
                SHARE_PLACES, rounding=ROUND_HALF_UP
            )
            bases[key] = den.households
    return _Figures(definition, bases, values.get, counted, left_out)


def _root(definition: Measure, measures: dict[str, Measure]) -> str:
    """The measure at the top of a chain of `within` (reached for new, visited, closed)."""
    name = definition.name
    while measures.get(name) and measures[name].within in measures:
        name = measures[name].within
    return name


def _protect_together(
    group: list[_Figures], *, municipality_code: str, k: int
) -> dict[str, dict[Key, str]]:
    """Protect the counts of related measures as one table: each measure's own cells as
    always, and a cell whose count differs from the same cell of the measure it lies
    within by 1 to k-1 (reached 26, visited 19) is hidden, with whatever that then takes
    to keep the totals of its own measure safe."""
    parents, disjoint = hierarchy(municipality_code)
    parents = [*parents, lambda name: NO_PARENT]
    disjoint = [*disjoint, False]
    bases, related = {}, {}
    names = {figures.definition.name for figures in group}
    for figures in group:
        name, within = figures.definition.name, figures.definition.within
        for key, members in figures.bases.items():
            bases[(*key, name)] = members
            if within in names:
                related[(*key, name)] = [(*key, within)]
    suppressed = protect(
        bases,
        k=k,
        parents=parents,
        disjoint=disjoint,
        hide_parent_first=year_total_goes_first,
        related=related,
    )
    result: dict[str, dict[Key, str]] = defaultdict(dict)
    for key, reason in suppressed.items():
        result[key[-1]][key[:-1]] = reason
    return result


def _protect_share(
    figures: _Figures, hidden_wholes: dict[Key, str] | None, *, municipality_code: str, k: int
) -> dict[Key, str]:
    """A share is published only where the households it counts and those it leaves out
    both number at least k, and where its denominator, when that is published itself, is
    published too. Differences between shares are protected for both groups as well."""
    parents, disjoint = hierarchy(municipality_code)
    hidden: dict[Key, str] = {}
    for key, members in figures.bases.items():
        if len(members) < k:
            hidden[key] = SuppressionReason.TOO_FEW
        elif len(figures.counted.get(key, ())) < k or len(figures.left_out.get(key, ())) < k:
            hidden[key] = SuppressionReason.SMALL_GROUP
        elif hidden_wholes is not None and (*key[:3], "") in hidden_wholes:
            hidden[key] = SuppressionReason.PROTECTS_OTHER
    return protect(
        figures.bases,
        k=k,
        parents=parents,
        disjoint=disjoint,
        hide_parent_first=year_total_goes_first,
        also=[figures.counted, figures.left_out],
        hidden=hidden,
    )


def _cells(figures: _Figures, suppressed: dict[Key, str], *, municipality_code: str) -> list[Cell]:
    definition = figures.definition
    ratio = definition.kind in (Kind.SHARE, Kind.MEAN)
    cells = []
    for key, members in figures.bases.items():
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
                value=None if reason else figures.value_of(key),
                suppressed=bool(reason),
                reason=reason,
                households=members,
                counted=figures.counted.get(key, frozenset()),
                left_out=figures.left_out.get(key, frozenset()),
            )
        )
    return cells


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
    """All published cells of a municipality, from the facts of every measure: first the
    counts, sums and means (measures that lie within another protected together with it),
    then the shares, which are hidden wherever their published denominator is."""
    measures = MEASURES if measures is None else measures
    # Per household, the amounts of a share of amounts' part and whole are added up: who
    # has some counted and who some left out.
    summed = {
        name
        for definition in measures.values()
        if definition.share_of_amounts
        for name in (definition.numerator, definition.denominator)
    }
    buckets = {
        name: accumulate(
            facts,
            municipality_code=municipality_code,
            today=today,
            horizon=horizon,
            add_amounts=name in summed,
        )
        for name, facts in facts_by_measure.items()
    }
    published = [definition for definition in measures.values() if definition.published]
    groups: dict[str, list[_Figures]] = defaultdict(list)
    for definition in published:
        if definition.kind != Kind.SHARE:
            figures = _figures(definition, buckets, rounding=rounding)
            groups[_root(definition, measures)].append(figures)
    suppressed: dict[str, dict[Key, str]] = {}
    for group in groups.values():
        suppressed.update(_protect_together(group, municipality_code=municipality_code, k=k))
        for figures in group:
            suppressed.setdefault(figures.definition.name, {})
    by_name = {figures.definition.name: figures for group in groups.values() for figures in group}
    for definition in published:
        if definition.kind == Kind.SHARE:
            figures = _figures(definition, buckets, rounding=rounding)
            by_name[definition.name] = figures
            suppressed[definition.name] = _protect_share(
                figures,
                suppressed.get(definition.denominator),
                municipality_code=municipality_code,
                k=k,
            )
    cells: list[Cell] = []
    for definition in published:
        figures = by_name[definition.name]
        own = _cells(figures, suppressed[definition.name], municipality_code=municipality_code)
        if definition.hide_suppressed_breakdowns:
            own = _merge_hidden_breakdowns(own)
        cells += own
    return cells


def _merge_hidden_breakdowns(cells: list[Cell]) -> list[Cell]:
    """The suppressed cells of one period, area and team with a breakdown, as one
    suppressed cell whose breakdown is HIDDEN_BREAKDOWN: the names behind them (themes
    people keep) are not published, nor how many there are."""
    kept, hidden = [], {}
    for cell in cells:
        if not (cell.suppressed and cell.breakdown):
            kept.append(cell)
            continue
        key = (cell.period, cell.area, cell.team_id)
        if key in hidden:
            merged = hidden[key]
            merged.households = merged.households | cell.households
            if cell.reason == SuppressionReason.TOO_FEW:
                merged.reason = SuppressionReason.TOO_FEW
        else:
            hidden[key] = replace(cell, breakdown=HIDDEN_BREAKDOWN)
    return kept + list(hidden.values())
