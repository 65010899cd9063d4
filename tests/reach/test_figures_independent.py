"""Every published figure of a year checked against an independent computation: plain
Python over the rows of a fixed (seeded) data set, written without the reach code, with
the rules in docs/reach.md: counts of distinct households rounded half up to 5, sums
rounded on their own, shares from the rounded counts to two decimals, means to one
decimal, nothing after today."""

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from outreach.models import (
    Application,
    Household,
    LadderStep,
    OwnScore,
    ParticipationPlan,
    ParticipationWish,
    Provision,
    ProvisionCheck,
    Visit,
)
from reach.models import ReachCell
from reach.services import reach_refresh
from tests.factories import (
    HouseholdFactory,
    ProvisionCheckFactory,
    VisitFactory,
    WishFactory,
    own_score,
    plan_with_steps,
)
from tests.reach.helpers import TODAY, moment

KINDS = ["intake", "home_visit", "phone_call"]
CATEGORIES = ["sport", "culture", "social_contact"]
STATUSES = ["articulated", "in_progress", "realised"]
OUTCOMES = ["non_use_found", "application_in_progress", "granted", "rejected", "already_used"]


def rounded(value, base=5) -> int:
    return int((Decimal(value) / base).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * base


def fraction(part, whole) -> Decimal:
    """A share as published: the rounded part over the rounded whole, two decimals (none
    over a whole that rounds to 0: such a share is never published)."""
    if not rounded(whole):
        return None
    return (Decimal(rounded(part)) / Decimal(rounded(whole))).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@pytest.fixture
def rich_data(world, settings):
    """80 households of both teams registered between mid 2025 and today, a third closed,
    with visits, wishes and provision checks at seeded random dates; k = 5.
    Ten more closed in August 2026."""
    settings.REACH_K = 5
    rng = random.Random(6)
    amounts = random.Random(7)
    teams = [world.household.team, world.other_household.team]
    provisions = [
        Provision.objects.create(name="Kwijtschelding test", level="municipal",
                                 typical_annual_value=330),
        Provision.objects.create(name="Huurtoeslag test", level="national",
                                 typical_annual_value=2400),
    ]  # fmt: skip

    def day_between(start: date, end: date) -> date:
        return start + timedelta(days=rng.randint(0, (end - start).days))

    for number in range(80):
        registered = day_between(date(2025, 6, 1), TODAY)
        closed = day_between(registered, TODAY) if number % 3 == 0 else None
        household = HouseholdFactory(
            team=teams[number % 2],
            neighbourhood_code=rng.choice(["BU16740101", "BU16740201", "BU16740301"]),
            created_at=moment(registered),
            status="closed" if closed else "active",
            closed_at=moment(closed) if closed else None,
            closing_reason=rng.choice(["goals_reached", "moved", "referred"]) if closed else "",
            # The coordinator's estimate: never part of the satisfaction figures
            satisfaction=rng.choice([None, 1, 2]) if closed else None,
            became_more_active=rng.choice([True, False, None, None]) if closed else None,
            known_to_municipality=rng.choice(["yes", "no", "unknown"]),
            no_paid_work=rng.choice([True, False, None]),
        )
        last = closed or TODAY
        if rng.random() < 0.6:
            rungs = [rng.randint(1, 4) for _ in range(rng.randint(1, 3))]
            plan_with_steps(household, rungs, agreed_on=day_between(registered, last))
        if closed and rng.random() < 0.7:
            own_score(household, rng.choice([5, 7, 8, 9, 10]), rng.choice(["sms", "paper"]))
        for _ in range(rng.randint(0, 3)):
            VisitFactory(household=household, kind=rng.choice(KINDS),
                         started_at=moment(day_between(registered, last)))  # fmt: skip
        for _ in range(rng.randint(0, 2)):
            WishFactory(household=household, category=rng.choice(CATEGORIES),
                        status=rng.choice(STATUSES),
                        articulated_on=day_between(registered, last))  # fmt: skip
        for provision in rng.sample(provisions, rng.randint(0, 2)):
            checked = day_between(registered, last)
            ProvisionCheckFactory(household=household, provision=provision,
                                  outcome=rng.choice(OUTCOMES), checked_on=checked,
                                  outcome_changed_on=day_between(checked, last),
                                  estimated_annual_value=rng.choice([None, 150]))  # fmt: skip
            # Half the grants came through an application, with the amount granted per
            # year (its own generator: the data above stays as it was)
            check = household.provision_checks.latest("pk")
            if check.outcome == "granted" and amounts.random() < 0.5:
                Application.objects.create(
                    household=household, provision_check=check, status="granted",
                    started_on=checked, decided_on=check.outcome_changed_on,
                    granted_annual_amount=amounts.choice([90, 480]),
                )  # fmt: skip
    # And ten more closed in August 2026, five of them gave 9 and five gave 6: enough on
    # both sides for the share that gave 8 or more to be published somewhere
    for number in range(10):
        household = HouseholdFactory(team=teams[number % 2], neighbourhood_code="BU16740101",
                         created_at=moment(date(2026, 7, 1)), status="closed",
                         closed_at=moment(date(2026, 8, 15)), closing_reason="goals_reached",
                         satisfaction=1)  # fmt: skip
        own_score(household, 9 if number < 5 else 6)
        # With plans: five went up the ladder, five did not, yet the coordinator said they
        # became more active (five corrections)
        plan_with_steps(household, [2, 4] if number < 5 else [3, 3], agreed_on=date(2026, 7, 2))
        if number >= 5:
            Household.objects.filter(pk=household.pk).update(became_more_active=True)
    reach_refresh(municipality=world.household.team.municipality, today=TODAY)
    return world


def local_day(moment_or_none):
    return timezone.localtime(moment_or_none).date() if moment_or_none else None


def bounds(period: str) -> tuple[date, date]:
    """First and last day of "2026", "2026-Q3" or "2026-07", up to today."""
    year = int(period[:4])
    if len(period) == 4:
        first, months = date(year, 1, 1), 12
    elif "-Q" in period:
        first, months = date(year, 3 * int(period[-1]) - 2, 1), 3
    else:
        first, months = date(year, int(period[5:]), 1), 1
    after = date(year + (first.month + months > 12), (first.month + months - 1) % 12 + 1, 1)
    return first, min(after - timedelta(days=1), TODAY)


def expected_figures(period: str) -> dict[tuple[str, str], object]:
    """(measure, breakdown) -> the figure for one period, municipality, all teams."""
    span = bounds(period)

    def in_year(day) -> bool:
        return day is not None and span[0] <= day <= span[1]

    households = list(Household.objects.all())
    registered = {h.pk: local_day(h.created_at) for h in households}
    closed = {h.pk: local_day(h.closed_at) for h in households}
    reached = {
        h.pk for h in households
        if registered[h.pk] <= span[1] and (closed[h.pk] is None or closed[h.pk] >= span[0])
    }  # fmt: skip
    figures: dict[tuple[str, str], object] = {}
    figures["households_reached", ""] = rounded(len(reached))
    figures["households_new", ""] = rounded(sum(in_year(d) for d in registered.values()))
    figures["households_closed", ""] = rounded(sum(in_year(d) for d in closed.values()))
    visits = [
        (v.household_id, v.kind) for v in Visit.objects.all() if in_year(local_day(v.started_at))
    ]
    figures["households_active", ""] = rounded(len({h for h, _ in visits}))
    figures["visits", ""] = rounded(len(visits))
    for kind in KINDS:
        figures["visits", kind] = rounded(sum(k == kind for _, k in visits))
    unknown = {h.pk for h in households if h.known_to_municipality == "no"}
    if not reached:
        return figures
    figures["share_unknown_before", ""] = fraction(len(reached & unknown), len(reached))
    wishes = list(ParticipationWish.objects.all())
    plans = {p.household_id: p for p in ParticipationPlan.objects.all()}
    planned = {pk for pk, p in plans.items() if p.agreed_on <= span[1]}
    figures["share_with_plan", ""] = fraction(len(reached & planned), len(reached))
    steps = defaultdict(list)
    for step in LadderStep.objects.order_by("on", "id"):
        steps[step.household_id].append(step.rung)
    closed_with_plan = [h for h in households if in_year(closed[h.pk]) and h.pk in plans]
    went_up = {h.pk for h in closed_with_plan if steps[h.pk][-1] > steps[h.pk][0]}
    # The coordinator's word at closing counts over the ladder; a differing word is a
    # correction, and how many there were is published
    more_active = {
        h.pk for h in closed_with_plan
        if (h.became_more_active if h.became_more_active is not None else h.pk in went_up)
    }  # fmt: skip
    corrected = {
        h.pk for h in closed_with_plan
        if h.became_more_active is not None and h.became_more_active != (h.pk in went_up)
    }  # fmt: skip
    figures["closed_more_active_corrected", ""] = rounded(len(corrected))
    if closed_with_plan:
        figures["share_rung_up", ""] = fraction(len(went_up), len(closed_with_plan))
        figures["share_more_active", ""] = fraction(len(more_active), len(closed_with_plan))
    made = [w for w in wishes if in_year(w.articulated_on)]
    figures["wishes_by_category", ""] = rounded(len(made))
    for category in CATEGORIES:
        figures["wishes_by_category", category] = rounded(sum(w.category == category for w in made))
    for status in STATUSES:
        figures["wishes_by_status", status] = rounded(sum(w.status == status for w in made))
    if made:
        figures["share_wishes_realised", ""] = fraction(
            sum(w.status == "realised" for w in made), len(made)
        )
    checks = list(ProvisionCheck.objects.select_related("provision", "application"))
    outcome_sets = {
        "non_use_found": (
            {"non_use_found", "application_in_progress", "granted", "rejected"}, "checked_on"
        ),
        "applications": ({"application_in_progress", "granted", "rejected"}, "outcome_changed_on"),
        "non_use_resolved": ({"granted"}, "outcome_changed_on"),
        "rejected": ({"rejected"}, "outcome_changed_on"),
    }  # fmt: skip
    for measure, (outcomes, date_field) in outcome_sets.items():
        per_provision = defaultdict(set)
        for check in checks:
            if check.outcome in outcomes and in_year(getattr(check, date_field)):
                per_provision[check.provision.name].add(check.household_id)
                per_provision[""].add(check.household_id)
        for name, members in per_provision.items():
            figures[measure, name] = rounded(len(members))
    euros = defaultdict(Decimal)
    for check in checks:
        if check.outcome == "granted" and in_year(check.outcome_changed_on):
            application = getattr(check, "application", None)
            value = (
                application.granted_annual_amount
                if application is not None
                else check.estimated_annual_value or check.provision.typical_annual_value
            )
            euros[check.provision.name] += value
            euros[""] += value
    for name, total in euros.items():
        figures["euros_unlocked_per_year", name] = rounded(total, 100)
    own = {score.household_id: score.score for score in OwnScore.objects.all()}
    scores = [own[h.pk] for h in households if in_year(closed[h.pk]) and h.pk in own]
    asked = [
        h for h in households
        if in_year(closed[h.pk]) and (h.closing_reason != "moved" or h.pk in own)
    ]  # fmt: skip
    if asked:
        figures["score_response_rate", ""] = fraction(len(scores), len(asked))
    if scores:
        figures["satisfaction_mean", ""] = (Decimal(sum(scores)) / len(scores)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        figures["share_satisfied", ""] = fraction(sum(s >= 8 for s in scores), len(scores))
    answered = [h for h in households if h.pk in reached and h.no_paid_work is not None]
    if answered:
        figures["share_no_paid_work", ""] = fraction(
            sum(h.no_paid_work for h in answered), len(answered)
        )
    return figures


def test_every_published_figure_matches_an_independent_computation(rich_data):
    # Given the refreshed store, when every figure of every month, quarter and year of the
    # whole municipality is compared with the independent computation
    cells = ReachCell.objects.filter(area="GM1674", team_id=None)
    published = {(c.period, c.measure, c.breakdown): c for c in cells}
    checked, measures_checked = 0, set()
    for period in sorted({c.period for c in cells}):
        for (measure, breakdown), value in expected_figures(period).items():
            cell = published.get((period, measure, breakdown))
            if cell is None:
                # No cell: no household at all, which rounds to 0
                assert value == 0, (period, measure, breakdown, value)
                continue
            if cell.suppressed:
                continue
            # Then every published one equals the independent figure
            assert cell.value == value, (period, measure, breakdown, cell.value, value)
            checked += 1
            measures_checked.add(measure)
    # And the comparison bites: every measure is compared somewhere, over a hundred and
    # fifty cells (shares need k households on both sides, so fewer are published)
    assert checked >= 150, checked
    assert measures_checked == {measure for measure, _ in expected_figures("2026")}
