"""The figures of the plan and of satisfaction say what the evaluation measured: plans agreed
with households (not wishes), 'more active' from the ladder with the coordinator's
corrections counted apart, and the household's own score with its response rate."""

from datetime import date
from decimal import Decimal

import pytest

from reach.models import ReachCell
from reach.services import reach_refresh
from tests.factories import HouseholdFactory, WishFactory, own_score, plan_with_steps
from tests.reach.helpers import TODAY, moment


def cell(measure, period="2026-Q3"):
    return ReachCell.objects.get(
        measure=measure, period=period, area="GM1674", team_id=None, breakdown=""
    )


def closed(team, reason="goals_reached", **fields):
    return HouseholdFactory(
        team=team,
        neighbourhood_code="BU16740101",
        created_at=moment(date(2026, 5, 1)),
        status="closed",
        closed_at=moment(date(2026, 8, 20)),
        closing_reason=reason,
        **fields,
    )


@pytest.fixture
def figures(world, settings):
    settings.REACH_K = 5
    settings.REACH_ROUNDING = 1
    team = world.household.team
    households = []
    # 20 households closed in August 2026 after help, all with a plan:
    # 10 went up the ladder (2 -> 4), 10 stayed (3 -> 3)
    for number in range(20):
        household = closed(team, satisfaction=1)  # the coordinator's estimate: always 1
        plan_with_steps(household, [2, 4] if number < 10 else [3, 3], agreed_on=date(2026, 6, 1))
        households.append(household)
    # The coordinator confirmed one that went up, and corrected five that stayed to "more
    # active"
    households[0].became_more_active = True
    households[0].save()
    for household in households[10:15]:
        household.became_more_active = True
        household.save()
    # 15 of the 20 gave their own score: 10 by text (all 9), 5 on paper (all 6)
    for household in households[:10]:
        own_score(household, 9, "sms")
    for household in households[10:15]:
        own_score(household, 6, "paper")
    # 5 more closed after moving away: never asked, no score; each had wishes, no plan
    for _ in range(5):
        WishFactory(household=closed(team, reason="moved", satisfaction=10))
    reach_refresh(municipality=team.municipality, today=TODAY)
    return world


def test_plan_share_counts_plans_not_wishes(figures):
    # 25 households reached in Q3 (the world's two are registered later): 20 with a plan;
    # the 5 with only wishes have none
    assert cell("households_reached").value == 25
    assert cell("share_with_plan").value == Decimal("0.80")


def test_more_active_is_the_ladder_unless_the_coordinator_corrected_it(figures):
    # The ladder: 10 of the 20 went up
    assert cell("share_rung_up").value == Decimal("0.50")
    # With the coordinator's word: the 10 that went up and the 5 corrected to yes
    assert cell("share_more_active").value == Decimal("0.75")
    # Five corrections (a confirmation is none), published beside it
    assert cell("closed_more_active_corrected").value == 5


def test_a_coordinator_saying_no_overrules_a_rung_up(figures, settings):
    # When the coordinator corrects five that went up to "not more active"
    from outreach.models import Household

    went_up = Household.objects.filter(ladder_steps__rung=4).order_by("pk")[:5]
    Household.objects.filter(pk__in=[h.pk for h in went_up]).update(became_more_active=False)
    reach_refresh(municipality=figures.household.team.municipality, today=TODAY)
    # Then they count as not more active, and as corrections
    assert cell("share_more_active").value == Decimal("0.50")
    assert cell("closed_more_active_corrected").value == 10


def test_satisfaction_is_the_households_own_score_never_the_coordinators(figures):
    # (10 x 9 + 5 x 6) / 15 = 8.0; the coordinator's 1s (and the 10s after moving) are nowhere
    assert cell("satisfaction_mean").value == Decimal("8.0")
    assert cell("share_satisfied").value == Decimal("0.67")


def test_the_response_rate_is_published_beside_the_score(figures):
    # 20 asked after help (not those who moved away), 15 answered
    assert cell("score_response_rate").value == Decimal("0.75")
