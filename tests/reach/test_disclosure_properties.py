"""Disclosure control over random data sets (hypothesis): whatever the data, no published
cell stems from fewer than k households, no two allowed queries differ by fewer than k
households anywhere, and no suppressed cell can be recovered by subtracting visible cells
from a total. And the attacks a probe tried: a share times the published count to recover a
numerator (or its complement) of fewer than k households or to undo the count's rounding,
and subtracting related counts of one cell (reached minus new, minus visited)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reach import periods
from reach.disclosure import NO_PARENT, round_to
from reach.figures import compute_cells, district_of, hierarchy
from reach.registry import MEASURES, Fact

TODAY = date(2026, 9, 30)
HORIZON = date(2025, 1, 1)
MUNICIPALITY = "GM1674"
NEIGHBOURHOODS = ["BU16740101", "BU16740102", "BU16740201", "BU16740901", ""]
MEASURE_NAMES = [
    "households_reached",  # intervals over months
    "households_new",  # events
    "households_active",  # visited: lies within reached, protected with it
    "households_closed",
    "visits",  # sums with a breakdown
    "share_with_plan",  # a share over households_reached
    "households_with_plan",
    "satisfaction_mean",  # a mean
    "satisfied",
    "share_satisfied",  # a share over a mean's households
    "sessions_held",  # distinct things (sessions), k on the households and people present
    "regular_participants",  # distinct people, several of them in one household
    "messages_sent",  # sums over households and people without a household
    "messages_delivered",
    "delivery_rate",  # a share of amounts
]
UNDER_TEST = {name: MEASURES[name] for name in MEASURE_NAMES}

days = st.dates(min_value=date(2024, 11, 1), max_value=TODAY)


@st.composite
def data_sets(draw):
    count = draw(st.integers(min_value=0, max_value=60))
    households = []
    for household_id in range(1, count + 1):
        start = draw(days)
        households.append(
            {
                "id": household_id,
                "team": draw(st.sampled_from([1, 2, 3])),
                "bu": draw(st.sampled_from(NEIGHBOURHOODS)),
                "start": start,
                "end": draw(st.one_of(st.none(), st.dates(min_value=start, max_value=TODAY))),
            }
        )

    def fact(household, start, end, **extra):
        return Fact(household["id"], household["team"], household["bu"], start, end, **extra)

    facts = {name: [] for name in MEASURE_NAMES}
    for household in households:
        facts["households_reached"].append(fact(household, household["start"], household["end"]))
        facts["households_new"].append(fact(household, household["start"], household["start"]))
        for _visit in range(draw(st.integers(min_value=0, max_value=3))):
            day = draw(st.dates(min_value=household["start"], max_value=TODAY))
            kind = draw(st.sampled_from(["intake", "home_visit", "phone_call"]))
            facts["visits"].append(fact(household, day, day, breakdown=kind, amount=1))
            facts["households_active"].append(fact(household, day, day))
        if draw(st.booleans()):
            facts["households_with_plan"].append(fact(household, household["start"], None))
        if household["end"] is not None and draw(st.booleans()):
            score = draw(st.integers(min_value=1, max_value=10))
            end = household["end"]
            facts["satisfaction_mean"].append(fact(household, end, end, amount=score))
            if score >= 8:
                facts["satisfied"].append(fact(household, end, end))
        if household["end"] is not None:
            end = household["end"]
            facts["households_closed"].append(fact(household, end, end))
    # Activities: people with no household take part too (a tuple names them), and a
    # household may send two members.
    loose = [
        {"id": ("participant", n), "team": draw(st.sampled_from([1, 2, 3])), "bu": ""}
        for n in range(draw(st.integers(min_value=0, max_value=8)))
    ]
    people = [(h, (h["id"], member)) for h in households for member in (1, 2)] + [
        (person, person["id"]) for person in loose
    ]
    for session_id in range(draw(st.integers(min_value=0, max_value=6))):
        day = draw(days)
        present = draw(st.lists(st.sampled_from(people), max_size=25)) if people else []
        for unit, participant in present:
            facts["sessions_held"].append(fact(unit, day, day, item=session_id))
            if draw(st.booleans()):
                facts["regular_participants"].append(fact(unit, day, day, item=participant))
    for unit in households + loose:
        for _message in range(draw(st.integers(min_value=0, max_value=2))):
            day = draw(days)
            facts["messages_sent"].append(fact(unit, day, day, amount=1))
            if draw(st.booleans()):
                facts["messages_delivered"].append(fact(unit, day, day, amount=1))
    return facts


def published(facts, k, rounding=5):
    return compute_cells(
        facts,
        municipality_code=MUNICIPALITY,
        today=TODAY,
        horizon=HORIZON,
        k=k,
        rounding=rounding,
        measures=UNDER_TEST,
    )


def key_of(cell):
    return (cell.period, cell.area, cell.team_id, cell.breakdown)


def parent_along(key, dimension, parents):
    """The key with one dimension rolled up one level, or None at the top."""
    value = parents[dimension](key[dimension])
    if value is NO_PARENT:
        return None
    return (*key[:dimension], value, *key[dimension + 1 :])


def ancestors(key):
    """Every cell that contains this one, found step by step (one dimension rolled up at a
    time), independently of how the code under test finds them."""
    parents, _ = hierarchy(MUNICIPALITY)
    found, frontier = set(), [key]
    while frontier:
        current = frontier.pop()
        for dimension in range(len(parents)):
            parent = parent_along(current, dimension, parents)
            if parent is not None and parent not in found:
                found.add(parent)
                frontier.append(parent)
    return found


PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


@PROPERTY_SETTINGS
@given(facts=data_sets(), k=st.sampled_from([5, 10]))
def test_no_published_cell_stems_from_fewer_than_k_households(facts, k):
    for cell in published(facts, k):
        if not cell.suppressed:
            assert len(cell.households) >= k, cell
            assert cell.value is not None
        else:
            assert cell.value is None and cell.reason


@PROPERTY_SETTINGS
@given(facts=data_sets(), k=st.sampled_from([5, 10]))
def test_no_two_overlapping_queries_differ_by_fewer_than_k_households(facts, k):
    # Every pair of published cells of a measure where one lies inside the other (a month
    # in its quarter or year, a district in the municipality, a team in all teams, a
    # category in all): an attacker subtracting them isolates either nobody or >= k.
    everything = published(facts, k)
    for measure in MEASURE_NAMES:
        cells = {key_of(c): c for c in everything if c.measure == measure}
        visible = {key: cell for key, cell in cells.items() if not cell.suppressed}
        for key, inner in visible.items():
            for outer_key in ancestors(key):
                outer = visible.get(outer_key)
                if outer is None:
                    continue
                assert inner.households <= outer.households
                difference = len(outer.households - inner.households)
                assert difference == 0 or difference >= k, (measure, key, outer_key)


@PROPERTY_SETTINGS
@given(facts=data_sets(), k=st.sampled_from([5, 10]))
def test_suppression_survives_subtraction_from_totals(facts, k):
    # For every published total and its children along one dimension, subtracting all
    # visible children leaves either nothing or at least k households.
    parents, _ = hierarchy(MUNICIPALITY)

    everything = published(facts, k)
    for measure in MEASURE_NAMES:
        cells = {key_of(c): c for c in everything if c.measure == measure}
        children: dict = {}
        for key in cells:
            for dimension in range(4):
                parent = parent_along(key, dimension, parents)
                if parent in cells:
                    children.setdefault((parent, dimension), []).append(cells[key])
        for (parent_key, _dimension), kids in children.items():
            total = cells[parent_key]
            if total.suppressed:
                continue
            shown = set().union(*(kid.households for kid in kids if not kid.suppressed))
            left = len(total.households - shown)
            assert left == 0 or left >= k, (measure, parent_key)


@PROPERTY_SETTINGS
@given(facts=data_sets())
def test_counts_are_rounded_to_five_each_from_its_own_raw_figure(facts):
    for cell in published(facts, 10):
        if cell.suppressed or cell.measure not in ("households_reached", "households_new"):
            continue
        assert cell.value % 5 == 0
        assert abs(cell.value - len(cell.households)) <= Decimal("2.5")


# Shares whose denominator is published as a count in the same cell: the attacker's lever.
SHARE_OVER_COUNT = {"share_with_plan": "households_reached"}
# Counts that lie within another by definition: the attacker knows new, visited and closed
# households are reached households, so reached minus new is a group.
RELATED = [
    ("households_reached", "households_new"),
    ("households_reached", "households_active"),
    ("households_reached", "households_closed"),
]


def published_by_measure(cells):
    return {(cell.measure, *key_of(cell)): cell for cell in cells if not cell.suppressed}


@PROPERTY_SETTINGS
@given(facts=data_sets(), k=st.sampled_from([5, 10]))
def test_a_share_times_the_published_count_recovers_no_small_group(facts, k):
    # The attacker multiplies a published share by the published count of its denominator
    # in the same cell, and takes the rest as the complement.
    visible = published_by_measure(published(facts, k))
    for (measure, *key), share in visible.items():
        if measure not in SHARE_OVER_COUNT:
            continue
        count = visible.get((SHARE_OVER_COUNT[measure], *key))
        if count is None:
            continue
        guessed_part = int((share.value * count.value).to_integral_value())
        guessed_rest = int(count.value) - guessed_part
        # The true sides, worked out here from the facts
        part = len(share.households & facts_households(facts, "households_with_plan", share))
        rest = len(share.households) - part
        # Then neither side is a group of 1 to k-1 households that the attacker hits ...
        assert not (0 < part < k and guessed_part == part), (measure, key, part)
        assert not (0 < rest < k and guessed_rest == rest), (measure, key, rest)
        # ... and the attacker learns no raw figure the count's rounding was meant to hide
        assert part % 5 == 0 or guessed_part != part, (measure, key, part, guessed_part)
        assert rest % 5 == 0 or guessed_rest != rest, (measure, key, rest, guessed_rest)


@PROPERTY_SETTINGS
@given(facts=data_sets(), k=st.sampled_from([5, 10]))
def test_every_published_share_stands_on_k_households_on_either_side(facts, k):
    for cell in published(facts, k):
        if cell.suppressed or cell.measure not in ("share_with_plan", "share_satisfied"):
            continue
        # Worked out here from the facts, not from what the code under test kept
        numerator = {"share_with_plan": "households_with_plan", "share_satisfied": "satisfied"}
        part = cell.households & facts_households(facts, numerator[cell.measure], cell)
        assert len(part) >= k and len(cell.households - part) >= k, cell
        # and is the rounded part over the rounded whole, so it tells no more than they do
        expected = Decimal(round_to(len(part), 5)) / Decimal(round_to(len(cell.households), 5))
        assert cell.value == expected.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@PROPERTY_SETTINGS
@given(facts=data_sets(), k=st.sampled_from([5, 10]))
def test_related_counts_of_one_cell_differ_by_no_household_or_at_least_k(facts, k):
    # The attacker subtracts, in one period x area x team, new (or visited, or closed)
    # households from the households reached.
    visible = published_by_measure(published(facts, k))
    for outer, inner in RELATED:
        for (measure, *key), whole in visible.items():
            if measure != outer or (inner, *key) not in visible:
                continue
            part = visible[(inner, *key)]
            difference = abs(len(whole.households) - len(part.households))
            assert difference == 0 or difference >= k, (outer, inner, key, difference)


def facts_households(facts, measure, cell=None) -> set:
    """The households of a measure's facts, in the cell's period when one is given (the
    numerators here are facts that last from their start on, or events of one day)."""
    if cell is None:
        return {fact.household_id for fact in facts[measure]}
    first = periods.start_of(cell.period)
    kind = periods.kind_of(cell.period)
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    last_month = first.month + months - 1
    after = date(first.year + (last_month // 12), last_month % 12 + 1, 1)
    district = None if cell.area == MUNICIPALITY else cell.area
    return {
        fact.household_id
        for fact in facts[measure]
        if fact.start < after
        and (fact.end is None or fact.end >= first)
        and max(fact.start, HORIZON) <= TODAY
        and (district is None or district_of(fact.neighbourhood_code) == district)
        and (cell.team_id is None or fact.team_id == cell.team_id)
    }


def test_shares_are_fractions_and_means_stay_within_the_scale():
    facts = {name: [] for name in MEASURE_NAMES}
    for household in range(1, 41):
        start = date(2026, 2, 1)
        facts["households_reached"].append(Fact(household, 1, "BU16740101", start, None))
        if household % 4 == 0:
            facts["households_with_plan"].append(Fact(household, 1, "BU16740101", start, None))
        facts["satisfaction_mean"].append(
            Fact(household, 1, "BU16740101", start, start, amount=7 + household % 3)
        )
    cells = {
        (c.measure, c.period, c.area, c.team_id): c
        for c in published(facts, 10)
        if c.breakdown == ""
    }
    plan = cells[("share_with_plan", "2026-Q1", MUNICIPALITY, None)]
    assert plan.value == Decimal("0.25")
    mean = cells[("satisfaction_mean", "2026-02", MUNICIPALITY, None)]
    assert mean.value == Decimal("8.0")


def test_a_district_follows_from_its_neighbourhood_code():
    assert district_of("BU16740101") == "WK167401"
    assert district_of("BU0363AB12") == "WK0363AB"
    assert district_of("") == "unknown"


def test_periods_are_calendar_months_quarters_and_years():
    assert periods.periods_touching(date(2026, 3, 31), date(2026, 4, 1)) == (
        "2026-03", "2026-Q1", "2026", "2026-04", "2026-Q2",
    )  # fmt: skip
    assert periods.parent_of("2026-04") == "2026-Q2"
    assert periods.parent_of("2026-Q2") == "2026"
    assert periods.parent_of("2026") is None


def test_rounding_is_half_up_to_the_base():
    assert [round_to(n, 5) for n in (10, 12, 13, 17, 18)] == [10, 10, 15, 15, 20]
    assert round_to(1249, 100) == 1200
