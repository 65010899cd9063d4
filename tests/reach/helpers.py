"""Reading the reach store in tests, the day the figures are computed on, and the tables
that hold case records."""

from datetime import date, datetime, time

from django.utils import timezone

from outreach.models import Household
from reach.models import ReachCell

TODAY = date(2026, 9, 30)


def moment(day: date):
    return timezone.make_aware(datetime.combine(day, time(12)))


def cell(measure, period, area="GM1674", team=None, breakdown=""):
    return ReachCell.objects.get(
        measure=measure, period=period, area=area, team_id=team, breakdown=breakdown
    )


def case_tables() -> set[str]:
    """Every table that holds part of a case record (history tables included), and every
    table of the activities and text messages part (participants, attendance, messages)."""
    from django.apps import apps

    tables = {model._meta.db_table for model in apps.get_app_config("notifications").get_models()}
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
