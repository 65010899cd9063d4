from datetime import date, datetime, time

import pytest
from django.utils import timezone

from outreach.models import Household
from reach.services import reach_refresh
from tests.factories import HouseholdFactory

TODAY = date(2026, 9, 30)


def moment(day: date):
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.fixture
def fixed_data(world):
    """A fixed data set beside the world's two households (registered after TODAY):
    WK167401: 14 Noord households registered 10 February 2026, still open;
    WK167409: 3 Noord households registered 15 February 2026 (a tiny district);
    WK167403: 12 Zuid households registered 5 May 2026, 6 of them closed 20 August 2026
    with satisfaction 8, 8, 9, 7, 6, 10."""
    noord, zuid = world.household.team, world.other_household.team
    for _ in range(14):
        HouseholdFactory(team=noord, neighbourhood_code="BU16740101", created_at=moment(
            date(2026, 2, 10)), known_to_municipality="no")  # fmt: skip
    for _ in range(3):
        HouseholdFactory(team=noord, neighbourhood_code="BU16740901",
                         created_at=moment(date(2026, 2, 15)))  # fmt: skip
    scores = [8, 8, 9, 7, 6, 10]
    for number in range(12):
        closed = number < 6
        HouseholdFactory(
            team=zuid,
            neighbourhood_code="BU16740301",
            created_at=moment(date(2026, 5, 5)),
            status="closed" if closed else "active",
            closed_at=moment(date(2026, 8, 20)) if closed else None,
            satisfaction=scores[number] if closed else None,
        )
    return world


@pytest.fixture
def refreshed(fixed_data):
    municipality = fixed_data.household.team.municipality
    reach_refresh(municipality=municipality, today=TODAY)
    return fixed_data


def case_tables() -> set[str]:
    """Every table that holds part of a case record (history tables included)."""
    from django.apps import apps

    tables = set()
    for model in apps.get_app_config("outreach").get_models():
        name = model._meta.db_table
        if (
            model is Household
            or any(
                field.related_model is Household and field.concrete
                for field in model._meta.get_fields()
            )
            or "historical" in name
        ):
            tables.add(name)
    return tables
