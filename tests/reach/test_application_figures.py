"""Euros unlocked count what was granted: the amount per year of the decision, where the
grant came through an application."""

from datetime import date
from decimal import Decimal

from outreach.services.applications import (
    application_decide,
    application_start,
    application_submit,
)
from reach.services import reach_refresh
from tests.factories import AssignmentFactory, HouseholdFactory, ProvisionCheckFactory
from tests.reach.helpers import TODAY, cell, moment


def test_euros_unlocked_count_the_granted_amount_not_the_estimate(world, settings):
    settings.REACH_K = 5
    # Given five households of one team, each with Zorgtoeslag estimated at 1,300 a year,
    # granted 300 a year after an application decided on 1 July 2026
    for _ in range(5):
        household = HouseholdFactory(team=world.household.team, created_at=moment(
            date(2026, 2, 1)), neighbourhood_code="BU16740101")  # fmt: skip
        AssignmentFactory(household=household, lead=world.peer)
        check = ProvisionCheckFactory(
            household=household, estimated_annual_value=1300, checked_on=date(2026, 3, 1)
        )
        application = application_start(
            provision_check=check, started_by=world.peer, started_on=date(2026, 3, 2)
        )
        application = application_submit(
            application=application, submitted_by=world.peer, submitted_on=date(2026, 4, 1)
        )
        application_decide(
            application=application,
            decided_by=world.peer,
            decision="granted",
            decided_on=date(2026, 7, 1),
            granted_annual_amount=Decimal("300"),
        )
    # When the figures are refreshed
    reach_refresh(municipality=world.household.team.municipality, today=TODAY)
    # Then 2026 shows 5 x 300 unlocked, in the quarter of the decision, not 5 x 1,300
    assert cell("euros_unlocked_per_year", "2026").value == 1500
    assert cell("euros_unlocked_per_year", "2026-Q3").value == 1500
    assert cell("non_use_resolved", "2026-Q3").value == 5
