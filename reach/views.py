"""The dashboard a policy officer reads at a glance: trend per quarter, districts, non-use
resolved by provision, wishes by category; a table beside every chart. Store only."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from outreach import policies
from reach.charts import bar_chart
from reach.figures import UNKNOWN_DISTRICT
from reach.models import AreaKind, PeriodKind, SuppressionReason
from reach.registry import MEASURES, Kind
from reach.selectors import (
    ReachChoiceNeeded,
    ReachNotFound,
    area_label,
    area_names,
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
TEAM_MEASURES = ["team_members_joined", "team_members_left", "team_members_left_for_paid_work"]
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
    "wishes_realised_by_offer_kind": gettext_lazy("Wishes realised"),
    "signals_forwarded": gettext_lazy("Households concerned"),
    "activities_held": gettext_lazy("Activities"),
    "sessions_held": gettext_lazy("Sessions held"),
    "regular_participants": gettext_lazy("Regular participants"),
    "messages_sent": gettext_lazy("Text messages sent"),
    "delivery_rate": gettext_lazy("Delivered"),
    "team_members_joined": gettext_lazy("Team members joined"),
    "team_members_left": gettext_lazy("Team members left"),
    "team_members_left_for_paid_work": gettext_lazy("Left for paid work"),
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


def table_cell(cell, measure: str, reasons: dict[str, str]) -> dict:
    return {
        "text": shown(cell, measure),
        "suppressed": bool(cell and cell.suppressed),
        "footnote": FOOTNOTES.get(cell.reason) if cell and cell.suppressed else None,
        "reason": reasons.get(cell.reason, "") if cell and cell.suppressed else "",
    }


def row(label: str, cells: list[dict], code: str = "") -> dict:
    """A table row: its label (a district's name, with its CBS code beside it)."""
    return {"label": label, "code": code, "cells": cells}


def chart_rows(cells_by_label: list[tuple[str, object]]):
    rows = []
    for label, cell in cells_by_label:
        value = None if cell is not None and cell.suppressed else (cell.value if cell else 0)
        text = shown(cell) if value is not None else _("hidden")
        rows.append((label, Decimal(value) if value is not None else None, text))
    return rows


def change(before, now, measure: str) -> str:
    """This year's figure minus last year's, as a reader sees it; a dash where either is
    hidden. Both are published figures, so their difference tells nothing new."""
    definition = MEASURES.get(measure)
    ratio = definition is not None and definition.kind in (Kind.SHARE, Kind.MEAN)
    if (before and before.suppressed) or (now and now.suppressed):
        return "\N{EN DASH}"
    if ratio and (before is None or now is None):
        return "\N{EN DASH}"
    difference = (now.value if now else Decimal(0)) - (before.value if before else Decimal(0))
    sign = "+" if difference > 0 else ("\N{MINUS SIGN}" if difference < 0 else "")
    size = abs(difference)
    if definition and definition.kind == Kind.SHARE:
        points = size * 100
        return sign + ngettext(
            "%(points)s percentage point", "%(points)s percentage points", int(points)
        ) % {"points": number_format(points, 0)}
    if definition and definition.kind == Kind.MEAN:
        return sign + number_format(size, 1)
    if definition and definition.unit == "EUR":
        return f"{sign}€ {number_format(size, 0, force_grouping=True)}"
    return sign + number_format(size, 0, force_grouping=True)


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

    def table(period_kind, area_kind):
        return reach_table(
            user=request.user,
            municipality_code=municipality,
            period_kind=period_kind,
            area_kind=area_kind,
            team_id=team_id,
        )

    try:
        quarters = table(PeriodKind.QUARTER, AreaKind.MUNICIPALITY)
    except ReachNotFound as error:
        raise Http404 from error
    except ReachChoiceNeeded:
        return render(
            request,
            "reach/choose.html",
            {"choices": reach_municipality_choices(user=request.user)},
        )
    snapshot = quarters.snapshot
    reasons = legend(snapshot.k if snapshot else None)
    context = {
        "snapshot": snapshot,
        "teams": quarters.available_teams,
        "team_id": team_id,
        "all_teams_allowed": allowed_teams is None,
        "municipality": municipality or "",
        "legend": [(FOOTNOTES[reason], text) for reason, text in reasons.items()],
        "periods": PeriodKind.choices,
        "areas": AreaKind.choices,
    }
    if snapshot is not None:
        context["figures"] = _figures(quarters, table, reasons)
    return render(request, "reach/dashboard.html", context)


def _figures(quarters, table, reasons) -> str:
    """The dashboard's charts and tables as HTML. A snapshot never changes once stored (a
    refresh writes a new refreshed_at), and the figures are the same for everyone who may
    see them, so they are built and rendered once per refresh, table choice and language,
    not on every request: assembling them walks thousands of district cells. District
    names loaded after a refresh show from the next refresh on (as the downloads)."""
    snapshot = quarters.snapshot
    key = "reach-dashboard:{}:{}:{}:{}".format(
        snapshot.pk,
        snapshot.refreshed_at.timestamp(),
        ",".join(str(team) for team in quarters.team_ids),
        get_language(),
    )
    html = cache.get(key)
    if html is None:
        districts = table(PeriodKind.QUARTER, AreaKind.DISTRICT)
        years = table(PeriodKind.YEAR, AreaKind.MUNICIPALITY)
        district_years = table(PeriodKind.YEAR, AreaKind.DISTRICT)
        html = render_to_string(
            "reach/_figures.html", _sections(quarters, districts, years, district_years, reasons)
        )
        cache.set(key, html, timeout=settings.REACH_CACHE_SECONDS)
    return html  # a SafeString, kept as one in the cache


def _sections(quarters, districts, years, district_years, reasons) -> dict:
    quarter_cells = {(c.period, c.measure, c.breakdown): c for c in quarters.cells}
    last_four = sorted({period for period, _, _ in quarter_cells})[-4:]
    latest = last_four[-1] if last_four else None

    def rows(cells, columns, measures, label=short_label):
        return [
            row(label(m), [table_cell(cells.get((c, m, "")), m, reasons) for c in columns])
            for m in measures
        ]

    trend = {
        "chart": bar_chart(
            measure_label("households_reached"),
            chart_rows([(q, quarter_cells.get((q, "households_reached", ""))) for q in last_four]),
        ),
        "columns": last_four,
        "rows": rows(quarter_cells, last_four, TREND_MEASURES),
        "shares": rows(quarter_cells, last_four, SHARE_MEASURES, measure_label),
        "activities": rows(quarter_cells, last_four, ACTIVITY_MEASURES),
    }
    year_cells = list(years.cells)
    this_year = max((c.period for c in year_cells), default=None)
    return {
        "trend": trend,
        "year": _year_section(year_cells, this_year, quarters.snapshot, reasons),
        "district": _district_section(districts, district_years, latest, this_year, reasons),
        "provisions": _breakdown_section(
            year_cells,
            this_year,
            "non_use_resolved",
            ["non_use_found", "non_use_resolved", "euros_unlocked_per_year"],
            reasons,
        ),
        "wishes": _breakdown_section(
            year_cells, this_year, "wishes_by_category", ["wishes_by_category"], reasons
        ),
        "offer": _breakdown_section(
            year_cells,
            this_year,
            "wishes_realised_by_offer_kind",
            ["wishes_realised_by_offer_kind"],
            reasons,
        ),
        "signals": _breakdown_section(
            year_cells, this_year, "signals_forwarded", ["signals_forwarded"], reasons
        ),
    }


def _year_section(year_cells, this_year, snapshot, reasons) -> dict:
    """This year so far beside the whole year before, and the change: the key outcomes
    often stand on too few households in a quarter, and a year holds enough. Year figures
    are cells of their own in the store, made from the facts with the same disclosure
    control, never sums of (rounded) quarters."""
    if this_year is None:
        return {}
    by = {(c.period, c.measure): c for c in year_cells if not c.breakdown}
    before = str(int(this_year) - 1)
    years = sorted({c.period for c in year_cells})
    up_to = timezone.localtime(snapshot.refreshed_at).date()
    if up_to.year != int(this_year):
        up_to = date(int(this_year), 12, 31)
    this_label = _("%(year)s (up to %(day)s)") % {
        "year": this_year,
        "day": date_format(up_to, "j F"),
    }

    def compared(measure: str, label) -> dict:
        old, new = by.get((before, measure)), by.get((this_year, measure))
        return row(
            label(measure),
            [
                table_cell(old, measure, reasons),
                table_cell(new, measure, reasons),
                {"text": change(old, new, measure)},
            ],
        )

    return {
        "this_year": this_year,
        "before": before,
        "up_to": up_to,
        "chart": bar_chart(
            measure_label("households_reached"),
            chart_rows(
                [
                    (this_label if y == this_year else y, by.get((y, "households_reached")))
                    for y in years
                ]
            ),
        ),
        "columns": [before, this_label, _("Difference with last year")],
        "rows": [compared(m, short_label) for m in TREND_MEASURES],
        "shares": [compared(m, measure_label) for m in SHARE_MEASURES],
        "team": [compared(m, short_label) for m in TEAM_MEASURES],
    }


def _district_section(districts, district_years, latest, this_year, reasons) -> dict:
    """Households per district in the latest quarter and in this year, by name: a
    district that is too small in a quarter often shows in the year."""
    measures = ("households_reached", "households_new")
    quarter = {
        (c.area, c.measure): c for c in districts.cells if c.period == latest and not c.breakdown
    }
    year = {
        (c.area, c.measure): c
        for c in district_years.cells
        if c.period == this_year and not c.breakdown
    }
    areas = sorted({area for area, m in (*quarter, *year) if m in measures})
    names = area_names(areas)
    name_year = int(this_year) if this_year else None
    labels = {area: area_label(area, names, name_year) for area in areas}
    # By name, the unknown district last
    areas.sort(key=lambda area: (area == UNKNOWN_DISTRICT, labels[area].casefold()))
    return {
        "period": latest,
        "year": this_year,
        "chart": bar_chart(
            measure_label("households_reached"),
            chart_rows([(labels[a], quarter.get((a, "households_reached"))) for a in areas]),
        ),
        "columns": [
            *(f"{short_label(m)} ({latest})" for m in measures),
            *(f"{short_label(m)} ({this_year})" for m in measures),
        ],
        "rows": [
            row(
                labels[area],
                [table_cell(quarter.get((area, m)), m, reasons) for m in measures]
                + [table_cell(year.get((area, m)), m, reasons) for m in measures],
                code="" if area == UNKNOWN_DISTRICT else area,
            )
            for area in areas
        ],
    }


def _breakdown_section(cells, year, charted: str, columns: list[str], reasons) -> dict:
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
            row(
                breakdown_label(charted, b),
                [table_cell(by.get((m, b)), m, reasons) for m in columns],
            )
            for b in values
        ],
    }
