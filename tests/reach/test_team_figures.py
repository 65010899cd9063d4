"""The team in the municipality's figures: members who joined, who left, and who left for
paid work, per year, with the same disclosure control as households (k counts members)."""

from datetime import date

from outreach.models import LeavingReason, TeamMembership
from reach.services import reach_refresh
from tests.factories import UserFactory
from tests.reach.helpers import TODAY, cell


def members(team, count, *, started_on, ended_on=None, left_for=""):
    for _ in range(count):
        TeamMembership.objects.create(
            user=UserFactory(),
            team=team,
            started_on=started_on,
            privacy_instruction_on=started_on,
            ended_on=ended_on,
            left_for=left_for,
        )


def test_joined_left_and_left_for_paid_work_per_year_with_a_small_group_hidden(world, settings):
    settings.REACH_K = 10
    settings.REACH_ROUNDING = 5
    noord = world.household.team
    # Given 20 members who left in 2026, 10 of them for paid work, and in 2025 12 who left,
    # only 3 of them for paid work (too few to show)
    members(noord, 10, started_on=date(2024, 1, 10), ended_on=date(2026, 3, 1),
            left_for=LeavingReason.PAID_WORK)  # fmt: skip
    members(noord, 10, started_on=date(2024, 1, 10), ended_on=date(2026, 4, 1),
            left_for=LeavingReason.HEALTH)  # fmt: skip
    members(noord, 3, started_on=date(2024, 1, 10), ended_on=date(2025, 5, 1),
            left_for=LeavingReason.PAID_WORK)  # fmt: skip
    members(noord, 9, started_on=date(2024, 1, 10), ended_on=date(2025, 6, 1),
            left_for=LeavingReason.STUDY)  # fmt: skip
    # When the figures are made
    reach_refresh(municipality=noord.municipality, today=TODAY)
    # Then 2026 shows who left and who went on to paid work
    assert cell("team_members_left", "2026").value == 20
    assert cell("team_members_left_for_paid_work", "2026").value == 10
    # And the 3 who left for paid work in 2025 are hidden, never shown as a number
    small = cell("team_members_left_for_paid_work", "2025")
    assert small.suppressed and small.value is None
    # And the 32 who joined in 2024 are counted as people
    assert cell("team_members_joined", "2024").value == 30  # 32, rounded to 5
