"""Refreshing the aggregate store: the one place that reads the case tables for figures."""

import logging
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outreach.bulk import copy_rows
from outreach.models import Municipality, Team
from reach.figures import Cell, compute_cells
from reach.models import ReachCell, ReachSnapshot
from reach.periods import kind_of, start_of
from reach.registry import MEASURES, Scope

logger = logging.getLogger(__name__)
STORED_CELL_COLUMNS = (
    "snapshot",
    "period_kind",
    "period",
    "period_start",
    "area_kind",
    "area",
    "team_id",
    "measure",
    "breakdown",
    "value",
    "suppressed",
    "reason",
)


def history_start(today: date) -> date:
    """Figures go back to 1 January, REACH_HISTORY_YEARS - 1 years before this year."""
    return date(today.year - settings.REACH_HISTORY_YEARS + 1, 1, 1)


def reach_compute(*, municipality: Municipality, today: date | None = None) -> list[Cell]:
    """The protected, rounded cells of one municipality, from the case tables."""
    today = today or timezone.localdate()
    scope = Scope(municipality_id=municipality.pk, today=today, horizon=history_start(today))
    facts = {name: list(m.facts(scope)) for name, m in MEASURES.items() if m.facts is not None}
    return compute_cells(
        facts,
        municipality_code=municipality.code,
        today=today,
        horizon=scope.horizon,
        k=settings.REACH_K,
        rounding=settings.REACH_ROUNDING,
    )


def reach_refresh(*, municipality: Municipality, today: date | None = None) -> ReachSnapshot:
    """Replace the municipality's published figures as a whole, in one transaction."""
    cells = reach_compute(municipality=municipality, today=today)
    teams = [
        {"id": team.pk, "name": team.name}
        for team in Team.objects.filter(municipality=municipality).order_by("name")
    ]
    with transaction.atomic():
        snapshot, _ = ReachSnapshot.objects.select_for_update().update_or_create(
            municipality_id=municipality.pk,
            defaults={
                "municipality_code": municipality.code,
                "municipality_name": municipality.name,
                "teams": teams,
                "k": settings.REACH_K,
                "rounding": settings.REACH_ROUNDING,
                "refreshed_at": timezone.now(),
            },
        )
        snapshot.cells.all().delete()
        copy_rows(
            ReachCell,
            STORED_CELL_COLUMNS,
            (
                (
                    snapshot.pk,
                    kind_of(cell.period),
                    cell.period,
                    start_of(cell.period),
                    cell.area_kind,
                    cell.area,
                    cell.team_id,
                    cell.measure,
                    cell.breakdown,
                    cell.value,
                    cell.suppressed,
                    cell.reason,
                )
                for cell in cells
            ),
        )
    logger.info("Reach figures of %s refreshed: %d cells", municipality.code, len(cells))
    return snapshot


def municipalities_with_teams():
    """The municipalities whose figures are kept: those with a team."""
    return Municipality.objects.filter(teams__isnull=False).distinct().order_by("code")


def reach_refresh_all(*, today: date | None = None) -> list[ReachSnapshot]:
    """Refresh every municipality that has a team, one after the other (the demo and the
    operator's command; the nightly task gives each municipality a task of its own)."""
    return [reach_refresh(municipality=m, today=today) for m in municipalities_with_teams()]
