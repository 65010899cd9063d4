"""The dashboard a policy officer reads at a glance: trend per quarter, districts, non-use
resolved by provision, wishes by category; a table beside every chart. Store only."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach import policies
from reach.charts import bar_chart
from reach.models import AreaKind, PeriodKind, SuppressionReason
from reach.registry import MEASURES, Kind
from reach.selectors import (
    ReachChoiceNeeded,
    ReachNotFound,
    breakdown_label,
    legend,
    measure_label,
    reach_municipality_choices,
    reach_table,
)

TREND_MEASURES = ["households_reached", "households_new", "households_active", "households_closed"]
SHARE_MEASURES = [
    "share_unknown_before",
    "share_with_plan",
    "share_more_active",
    "share_wishes_realised",
    "satisfaction_mean",
    "share_satisfied",
    "euros_unlocked_per_year",
]
ACTIVITY_MEASURES = [
    "activities_held",
    "sessions_held",
    "regular_participants",
    "messages_sent",
    "delivery_rate",
]
# Short names for table headers and rows; the full description is in the downloads.
SHORT_LABELS = {
    "households_reached": gettext_lazy("Reached"),
    "households_new": gettext_lazy("New"),
    "households_active": gettext_lazy("Visited"),
    "households_closed": gettext_lazy("Closed"),
    "non_use_found": gettext_lazy("Non-use found (households)"),
    "non_use_resolved": gettext_lazy("Granted (households)"),
    "euros_unlocked_per_year": gettext_lazy("Euros per year unlocked"),
    "wishes_by_category": gettext_lazy("Wishes"),
    "signals_forwarded": gettext_lazy("Households concerned"),
    "activities_held": gettext_lazy("Activities"),
    "sessions_held": gettext_lazy("Sessions held"),
    "regular_participants": gettext_lazy("Regular participants"),
    "messages_sent": gettext_lazy("Text messages sent"),
    "delivery_rate": gettext_lazy("Delivered"),
}
FOOTNOTES = {
    SuppressionReason.TOO_FEW: 1,
    SuppressionReason.PROTECTS_OTHER: 2,
    SuppressionReason.SMALL_DENOMINATOR: 3,
    SuppressionReason.SMALL_GROUP: 4,
}


def short_label(measure: str) -> str:
    return str(SHORT_LABELS.get(measure) or measure_label(measure))


def shown(cell, measure: str = "") -> str:
    """A cell's value as a reader sees it. A cell that does not exist means no household:
    a count of 0, a share or average of nothing (a dash)."""
    definition = MEASURES.get(cell.measure if cell else measure)
    if cell is None:
        return "\N{EN DASH}" if definition and definition.kind in (Kind.SHARE, Kind.MEAN) else "0"
    if cell.suppressed:
        return ""
    if definition and definition.kind == Kind.SHARE:
        return f"{number_format(cell.value * 100, 0)}%"
    if definition and definition.kind == Kind.MEAN:
        return number_format(cell.value, 1)
    if definition and definition.unit == "EUR":
        return f"€ {number_format(cell.value, 0, force_grouping=True)}"
    return number_format(cell.value, 0, force_grouping=True)


def table_cell(cell, measure: str) -> dict:
    return {
        "text": shown(cell, measure),
        "suppressed": bool(cell and cell.suppressed),
        "footnote": FOOTNOTES.get(cell.reason) if cell and cell.suppressed else None,
        "reason": legend().get(cell.reason, "") if cell and cell.suppressed else "",
    }


def chart_rows(cells_by_label: list[tuple[str, object]]):
    rows = []
    for label, cell in cells_by_label:
        value = None if cell is not None and cell.suppressed else (cell.value if cell else 0)
        text = shown(cell) if value is not None else _("hidden")
        rows.append((label, Decimal(value) if value is not None else None, text))
    return rows


@login_required
def dashboard(request):
    if not policies.can_see_reach(request.user):
        raise Http404
    team_param = request.GET.get("team") or None
    allowed_teams = policies.reach_team_ids(request.user)
    try:
        team_id = int(team_param) if team_param else None
    except ValueError:
        return HttpResponseBadRequest(_("Unknown team."))
    if team_id is None and allowed_teams is not None:
        team_id = min(allowed_teams) if allowed_teams else None
        if team_id is None:
            raise Http404
    municipality = request.GET.get("municipality") or None
    try:
        quarters = reach_table(user=request.user, municipality_code=municipality, team_id=team_id)
        districts = reach_table(
            user=request.user,
            municipality_code=municipality,
            area_kind=AreaKind.DISTRICT,
            team_id=team_id,
        )
        years = reach_table(
            user=request.user,
            municipality_code=municipality,
            period_kind=PeriodKind.YEAR,
            team_id=team_id,
        )
    except ReachNotFound as error:
        raise Http404 from error
    except ReachChoiceNeeded:
        return render(
            request,
            "reach/choose.html",
            {"choices": reach_municipality_choices(user=request.user)},
        )
    context = {
        "snapshot": quarters.snapshot,
        "teams": quarters.available_teams,
        "team_id": team_id,
        "all_teams_allowed": allowed_teams is None,
        "municipality": municipality or "",
        "legend": [(FOOTNOTES[reason], text) for reason, text in legend().items()],
        "periods": PeriodKind.choices,
        "areas": AreaKind.choices,
    }
    if quarters.snapshot is not None:
        context.update(_sections(quarters, districts, years))
    return render(request, "reach/dashboard.html", context)


def _sections(quarters, districts, years) -> dict:
    quarter_cells = {(c.period, c.measure, c.breakdown): c for c in quarters.cells}
    last_four = sorted({period for period, _, _ in quarter_cells})[-4:]
    latest = last_four[-1] if last_four else None
    trend = {
        "chart": bar_chart(
            measure_label("households_reached"),
            chart_rows([(q, quarter_cells.get((q, "households_reached", ""))) for q in last_four]),
        ),
        "columns": last_four,
        "rows": [
            (short_label(m), [table_cell(quarter_cells.get((q, m, "")), m) for q in last_four])
            for m in TREND_MEASURES
        ],
        "shares": [
            (measure_label(m), [table_cell(quarter_cells.get((q, m, "")), m) for q in last_four])
            for m in SHARE_MEASURES
        ],
        "activities": [
            (short_label(m), [table_cell(quarter_cells.get((q, m, "")), m) for q in last_four])
            for m in ACTIVITY_MEASURES
        ],
    }
    district_cells = {
        (c.area, c.measure): c for c in districts.cells if c.period == latest and not c.breakdown
    }
    areas = sorted({area for area, _ in district_cells})
    district = {
        "period": latest,
        "chart": bar_chart(
            measure_label("households_reached"),
            chart_rows([(a, district_cells.get((a, "households_reached"))) for a in areas]),
        ),
        "columns": [short_label(m) for m in ("households_reached", "households_new")],
        "rows": [
            (
                _("unknown") if area == "unknown" else area,
                [
                    table_cell(district_cells.get((area, m)), m)
                    for m in ("households_reached", "households_new")
                ],
            )
            for area in areas
        ],
    }
    year_cells = list(years.cells)
    this_year = max((c.period for c in year_cells), default=None)
    return {
        "trend": trend,
        "district": district,
        "provisions": _breakdown_section(
            year_cells,
            this_year,
            "non_use_resolved",
            ["non_use_found", "non_use_resolved", "euros_unlocked_per_year"],
        ),
        "wishes": _breakdown_section(
            year_cells, this_year, "wishes_by_category", ["wishes_by_category"]
        ),
        "signals": _breakdown_section(
            year_cells, this_year, "signals_forwarded", ["signals_forwarded"]
        ),
    }


def _breakdown_section(cells, year, charted: str, columns: list[str]) -> dict:
    by = {(c.measure, c.breakdown): c for c in cells if c.period == year and c.breakdown}
    values = sorted({b for m, b in by if m in columns})
    return {
        "period": year,
        "chart": bar_chart(
            measure_label(charted),
            chart_rows([(breakdown_label(charted, b), by.get((charted, b))) for b in values]),
        ),
        "columns": [short_label(m) for m in columns],
        "rows": [
            (breakdown_label(charted, b), [table_cell(by.get((m, b)), m) for m in columns])
            for b in values
        ],
    }
