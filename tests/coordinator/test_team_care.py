"""Team care: membership dates, long-serving members, allowances against the legal maximum."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from outreach.models import AllowanceLimit, TeamMembership, VolunteerMonth
from outreach.selectors.coordinator import team_care
from outreach.services.team_care import volunteer_month_record
from tests.helpers import client_for


def month_of(world, month, hours, allowance, other=0):
    return volunteer_month_record(
        team=world.household.team,
        user=world.peer,
        month=month,
        hours=Decimal(hours),
        allowance=Decimal(allowance),
        other_allowance=Decimal(other),
        recorded_by=world.coordinator,
    )


def test_limits_of_the_years_are_kept_in_data(db):
    limit = AllowanceLimit.objects.get(year=2025)
    assert (limit.per_hour, limit.per_month, limit.per_year) == (
        Decimal("5.60"), Decimal("210.00"), Decimal("2100.00")
    )  # fmt: skip


def test_an_allowance_within_the_limits_is_saved_without_warnings(world):
    world.peer.born_on = date(1980, 5, 1)
    world.peer.save()
    record, check = month_of(world, date(2026, 3, 14), "20", "100")
    assert record.month == date(2026, 3, 1) and check.warnings == []


def test_close_to_the_monthly_limit_warns_before_it_is_passed(world):
    with translation.override("en"):
        _record, check = month_of(world, date(2026, 3, 1), "40", "150", other="45")
    assert any("per month" in warning for warning in check.warnings)


@pytest.mark.parametrize(
    ("hours", "allowance", "other", "what"),
    [("10", "60", "0", "per hour"), ("40", "150", "70", "per month")],
)
def test_passing_a_limit_is_refused_and_nothing_is_saved(world, hours, allowance, other, what):
    with translation.override("en"), pytest.raises(ValidationError, match=what):
        month_of(world, date(2026, 3, 1), hours, allowance, other)
    assert not VolunteerMonth.objects.exists()


def test_the_yearly_limit_counts_every_month_and_other_organisations(world):
    for month in range(1, 11):
        month_of(world, date(2026, month, 1), "40", "200")
    with translation.override("en"), pytest.raises(ValidationError, match="this year"):
        month_of(world, date(2026, 11, 1), "40", "50", other="60")


def test_correcting_a_month_replaces_it(world):
    month_of(world, date(2026, 3, 1), "20", "100")
    month_of(world, date(2026, 3, 1), "10", "50")
    assert VolunteerMonth.objects.get().allowance == Decimal("50")
    assert VolunteerMonth.history.count() == 2


def test_a_year_without_known_limits_is_refused(world):
    with pytest.raises(ValidationError):
        month_of(world, date(2031, 1, 1), "1", "1")


def test_the_api_returns_warnings_and_the_reminder(world):
    response = client_for(world.coordinator).post(
        "/api/v1/volunteer-months/",
        {"user": world.peer.pk, "team": world.household.team_id, "month": "2026-05-01",
         "hours": "40", "allowance": "200"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["warnings"] and "other organisations" in response.json()["reminder"]


def test_team_care_shows_membership_dates_and_long_serving_members(world, settings):
    settings.COORDINATOR_LONG_SERVING_MONTHS = 24
    veteran = world.peer.memberships.get()
    veteran.started_on = timezone.localdate() - timedelta(days=365 * 3)
    veteran.save()
    left = world.other_peer.memberships.get()
    left.ended_on = timezone.localdate() - timedelta(days=10)
    left.save()
    rows = {row.membership.user: row for row in team_care(user=world.coordinator, year=2026)}
    assert rows[world.peer].long_serving and rows[world.peer].months_active >= 35
    assert not rows[world.buddy].long_serving
    assert not rows[world.other_peer].long_serving and rows[world.other_peer].membership.ended_on
    assert TeamMembership.objects.filter(team=world.other_household.team).count() >= 1
    assert all(row.membership.team == world.household.team for row in rows.values())
