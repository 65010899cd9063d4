"""Benchmark: the reach store, as ratios against baselines measured in the same run.

1. Refresh: `reach_refresh()` of sample municipalities of the national data set (every
   measure read from the case tables, bucketed, protected by disclosure control and written
   to the store) against hand-written SQL that computes the same raw figures with
   `GROUP BY ... CUBE` in PostgreSQL for the same municipalities: distinct households, sums
   and means per (period, area, team, breakdown), and the numerator-within-denominator
   counts the shares need. The SQL does no disclosure control and writes nothing, so it is
   the floor a refresh could reach. Afterwards every published (unsuppressed) cell in the
   store is compared with the SQL figure, rounded the same way. A whole national refresh
   takes hours on a busy 2-core machine, so it is estimated from the sample (seconds per
   household); `--national-sql` also times the SQL for every municipality.
2. A reach request: GET /api/v1/reach/ (the largest municipality, quarters, whole
   municipality) as a municipality user with a token, served from the store through
   gunicorn, against the trivial view on the same server.

Run against the national data set (generate it once: see bench/README.md):
`DEMO_MODE=1 .venv/bin/python bench/bench_reach.py [--runs 3] [--seconds 10]
[--municipalities GM9005,GM9022]` (`--skip-refresh` or `--skip-http` run one half only).
"""

# The SQL here is put together from fixed fragments written in this file, never from input.
# ruff: noqa: S608

import argparse
import os
import statistics
import sys
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import CONNECTIONS, DATABASE_URL, start_server

LOCAL = "(({}) AT TIME ZONE 'Europe/Amsterdam')::date"
HOUSEHOLDS = "FROM outreach_household h JOIN outreach_team t ON t.id = h.team_id"
CREATED, CLOSED = LOCAL.format("h.created_at"), LOCAL.format("h.closed_at")
# The municipalities measured (all of them when the parameter is NULL).
IN_SCOPE = "(%(municipalities)s::bigint[] IS NULL OR t.municipality_id = ANY(%(municipalities)s))"


def _households(start: str, end: str, where: str = "TRUE", breakdown="''", amount="NULL"):
    return (
        f"SELECT t.municipality_id AS m, h.id AS hh, h.team_id AS team, "
        f"h.neighbourhood_code AS nb, {start} AS s, {end} AS e, "
        f"COALESCE({breakdown}, '')::text AS b, {amount}::numeric AS amount, "
        f"NULL::bigint AS item {HOUSEHOLDS} WHERE {where} AND {IN_SCOPE}"
    )


def _scored(where: str) -> str:
    """The household's own score, counted when its case closed."""
    return (
        f"SELECT t.municipality_id AS m, h.id AS hh, h.team_id AS team, "
        f"h.neighbourhood_code AS nb, {CLOSED} AS s, {CLOSED} AS e, ''::text AS b, "
        f"os.score::numeric AS amount, NULL::bigint AS item {HOUSEHOLDS} {OWN_SCORE} "
        f"WHERE {where} AND {IN_SCOPE}"
    )


def _records(table: str, start: str, where="TRUE", breakdown="''", amount="NULL", ongoing=False):
    joins = ""
    if "p." in breakdown or "p." in amount:
        joins = "JOIN outreach_provision p ON p.id = r.provision_id"
    end = "NULL::date" if ongoing else start
    return (
        f"SELECT t.municipality_id AS m, h.id AS hh, h.team_id AS team, "
        f"h.neighbourhood_code AS nb, {start} AS s, {end} AS e, "
        f"COALESCE({breakdown}, '')::text AS b, {amount}::numeric AS amount, "
        f"NULL::bigint AS item "
        f"FROM {table} r JOIN outreach_household h ON h.id = r.household_id "
        f"JOIN outreach_team t ON t.id = h.team_id {joins} WHERE {where} AND {IN_SCOPE}"
    )


VISIT_DAY = LOCAL.format("r.started_at")
HAS_PLAN = "EXISTS (SELECT 1 FROM outreach_participationplan pl WHERE pl.household_id = h.id)"
# The household's first and last rung on the participation ladder.
RUNG = (
    "(SELECT st.rung FROM outreach_ladderstep st WHERE st.household_id = h.id "
    'ORDER BY st."on" {order}, st.id {order} LIMIT 1)'
)
FIRST_RUNG, LAST_RUNG = RUNG.format(order="ASC"), RUNG.format(order="DESC")
RUNG_UP = f"{LAST_RUNG} > {FIRST_RUNG}"
# The coordinator's word at closing counts over the ladder (docs/reach.md).
MORE_ACTIVE = f"COALESCE(h.became_more_active, {RUNG_UP})"
CORRECTED = f"h.became_more_active IS NOT NULL AND h.became_more_active <> ({RUNG_UP})"
OWN_SCORE = "JOIN outreach_ownscore os ON os.household_id = h.id"
INVITES_A_SCORE = "h.closing_reason IN ('goals_reached', 'referred', 'other')"
NON_USE = "('non_use_found', 'application_in_progress', 'granted', 'rejected')"
APPLIED = "('application_in_progress', 'granted', 'rejected')"
CHECKS = "outreach_provisioncheck"
EUROS = "COALESCE(r.estimated_annual_value, p.typical_annual_value, 0)"

# The facts of every measure in reach/measures.py, as hand-written SQL.
FACTS = {
    "households_reached": _households(CREATED, CLOSED),
    "households_new": _households(CREATED, CREATED),
    "households_active": _records("outreach_visit", VISIT_DAY),
    "households_closed": _households(CLOSED, CLOSED, "h.closed_at IS NOT NULL"),
    "reached_unknown_before": _households(CREATED, CLOSED, "h.known_to_municipality = 'no'"),
    "visits": _records("outreach_visit", VISIT_DAY, breakdown="r.kind", amount="1"),
    "households_with_plan": _records("outreach_participationplan", "r.agreed_on", ongoing=True),
    "closed_with_plan": _households(CLOSED, CLOSED, f"h.closed_at IS NOT NULL AND {HAS_PLAN}"),
    "closed_rung_up": _households(
        CLOSED, CLOSED, f"h.closed_at IS NOT NULL AND {HAS_PLAN} AND {RUNG_UP}"
    ),
    "closed_more_active": _households(
        CLOSED, CLOSED, f"h.closed_at IS NOT NULL AND {HAS_PLAN} AND {MORE_ACTIVE}"
    ),
    "closed_more_active_corrected": _households(
        CLOSED, CLOSED, f"h.closed_at IS NOT NULL AND {HAS_PLAN} AND {CORRECTED}"
    ),
    "wishes_by_category": _records(
        "outreach_participationwish", "r.articulated_on", breakdown="r.category", amount="1"
    ),
    "wishes_by_status": _records(
        "outreach_participationwish", "r.articulated_on", breakdown="r.status", amount="1"
    ),
    "wishes_realised": _records(
        "outreach_participationwish", "r.articulated_on", "r.status = 'realised'", amount="1"
    ),
    "non_use_found": _records(CHECKS, "r.checked_on", f"r.outcome IN {NON_USE}", "p.name"),
    "applications": _records(CHECKS, "r.outcome_changed_on", f"r.outcome IN {APPLIED}", "p.name"),
    "non_use_resolved": _records(CHECKS, "r.outcome_changed_on", "r.outcome = 'granted'", "p.name"),
    "rejected": _records(CHECKS, "r.outcome_changed_on", "r.outcome = 'rejected'", "p.name"),
    "euros_unlocked_per_year": _records(
        CHECKS, "r.outcome_changed_on", "r.outcome = 'granted'", "p.name", EUROS
    ),
    "satisfaction_mean": _scored("h.closed_at IS NOT NULL"),
    "satisfied": _scored("h.closed_at IS NOT NULL AND os.score >= 8"),
    "score_asked": _households(
        CLOSED,
        CLOSED,
        f"h.closed_at IS NOT NULL AND ({INVITES_A_SCORE} OR EXISTS "
        "(SELECT 1 FROM outreach_ownscore o2 WHERE o2.household_id = h.id))",
    ),
    **{
        name: _households(CREATED, CLOSED, where)
        for field in ("no_paid_work", "physical_health_problems", "psychological_problems")
        for name, where in (
            (f"{field}_recorded", f"h.{field} IS NOT NULL"),
            (f"{field}_present", f"h.{field}"),
        )
    },
    "reached_by_income": _households(CREATED, CLOSED, breakdown="h.main_income_source"),
}

# Activities: k counts the household a participant belongs to, else the person (negative
# ids, apart from households), or the token a participant keeps after anonymisation.
UNIT = (
    "COALESCE(pa.household_id, CASE WHEN pa.reach_unit <> '' "
    "THEN -1000000000000 - abs(hashtext(pa.reach_unit)::bigint) ELSE -pa.id END)"
)
PARTICIPANT_NB = "COALESCE(NULLIF(h.neighbourhood_code, ''), pa.reach_neighbourhood)"
PARTICIPANT_JOINS = (
    "JOIN notifications_participant pa ON pa.id = {participant} "
    "LEFT JOIN outreach_household h ON h.id = pa.household_id"
)
SESSION_DAY = LOCAL.format("s.starts_at")


def _presences(item: str) -> str:
    return (
        f"SELECT t.municipality_id AS m, {UNIT} AS hh, a.team_id AS team, "
        f"{PARTICIPANT_NB} AS nb, {SESSION_DAY} AS s, {SESSION_DAY} AS e, ''::text AS b, "
        f"NULL::numeric AS amount, {item}::bigint AS item "
        f"FROM notifications_attendance at JOIN notifications_session s ON s.id = at.session_id "
        f"JOIN notifications_activity a ON a.id = s.activity_id "
        f"JOIN outreach_team t ON t.id = a.team_id "
        f"{PARTICIPANT_JOINS.format(participant='at.participant_id')} "
        f"WHERE at.present AND NOT s.cancelled AND s.starts_at < now() AND {IN_SCOPE}"
    )


# Regular: present at least M of the activity's last N sessions held (at each session
# held), or enrolled as regular (from enrolment to its end).
REGULAR = f"""
WITH held AS (
    SELECT s.id, s.activity_id, a.team_id, t.municipality_id AS m,
           a.regular_min_present AS min_present, a.regular_window AS window_size,
           {SESSION_DAY} AS day,
           row_number() OVER (PARTITION BY s.activity_id ORDER BY s.starts_at, s.id) AS n
    FROM notifications_session s JOIN notifications_activity a ON a.id = s.activity_id
    JOIN outreach_team t ON t.id = a.team_id
    WHERE NOT s.cancelled AND s.starts_at < now() AND {IN_SCOPE}
), present AS (
    SELECT held.activity_id, held.n, at.participant_id
    FROM notifications_attendance at JOIN held ON held.id = at.session_id WHERE at.present
)
SELECT cur.m, {UNIT} AS hh, cur.team_id AS team, {PARTICIPANT_NB} AS nb, cur.day AS s,
       cur.day AS e, ''::text AS b, NULL::numeric AS amount, pa.id AS item
FROM held cur
JOIN present p ON p.activity_id = cur.activity_id
     AND p.n BETWEEN cur.n - cur.window_size + 1 AND cur.n
{PARTICIPANT_JOINS.format(participant="p.participant_id")}
GROUP BY cur.id, cur.m, cur.team_id, cur.day, cur.min_present, pa.id, h.neighbourhood_code
HAVING count(*) >= cur.min_present
UNION ALL
SELECT t.municipality_id, {UNIT}, a.team_id, {PARTICIPANT_NB}, {LOCAL.format("e.enrolled_at")},
       {LOCAL.format("e.ended_at")}, '', NULL, pa.id
FROM notifications_enrolment e JOIN notifications_activity a ON a.id = e.activity_id
JOIN outreach_team t ON t.id = a.team_id
{PARTICIPANT_JOINS.format(participant="e.participant_id")}
WHERE e.is_regular AND {IN_SCOPE}
"""

FACTS.update(
    activities_held=_presences("a.id"),
    sessions_held=_presences("s.id"),
    regular_participants=REGULAR,
)

# Every fact into each month it touches (within the horizon and up to today), each month
# into its month, quarter and year; the district from the neighbourhood code.
EXPAND = """
CREATE TEMP TABLE "x_{name}" ON COMMIT DROP AS
SELECT f.m, f.hh, f.team, f.b, f.amount, f.item, p.period,
       CASE WHEN f.nb ~ '^BU[0-9]{{4}}[0-9A-Z]{{2}}[0-9A-Z]{{2}}$'
            THEN 'WK' || substr(f.nb, 3, 6) ELSE 'unknown' END AS district
FROM ({facts}) f
CROSS JOIN LATERAL generate_series(
    date_trunc('month', greatest(f.s, %(horizon)s::date)),
    date_trunc('month', least(coalesce(f.e, %(today)s::date), %(today)s::date)),
    interval '1 month') AS g(month)
CROSS JOIN LATERAL (VALUES (to_char(g.month, 'YYYY-MM')), (to_char(g.month, 'YYYY-"Q"Q')),
                           (to_char(g.month, 'YYYY'))) AS p(period)
WHERE f.s IS NOT NULL
  AND greatest(f.s, %(horizon)s::date) <= least(coalesce(f.e, %(today)s::date), %(today)s::date)
"""
# District or the whole municipality (NULL), one team or all (NULL), own breakdown or all.
FIGURES = """
SELECT m, period, district, team, COALESCE(b, ''), count(DISTINCT hh), sum(amount),
       avg(amount), count(DISTINCT item), grouping(district), grouping(team)
FROM "x_{name}" GROUP BY m, period, CUBE(district, team, b)
HAVING grouping(b) = 1 OR b <> ''
"""
# Households of the numerator that are in the denominator in the same cell (a household
# has one team and one neighbourhood, so the same household and period is the same cell).
SHARED = """
SELECT n.m, n.period, n.district, n.team, COALESCE(n.b, ''), count(DISTINCT n.hh),
       grouping(n.district), grouping(n.team)
FROM (SELECT DISTINCT m, hh, team, district, period, b FROM "x_{numerator}") n
JOIN (SELECT DISTINCT hh, period FROM "x_{denominator}") d USING (hh, period)
GROUP BY n.m, n.period, CUBE(n.district, n.team), n.b
"""
SIGNALS = """
SELECT t.municipality_id, p.period,
       CASE WHEN s.neighbourhood_code ~ '^BU[0-9]{4}[0-9A-Z]{2}[0-9A-Z]{2}$'
            THEN 'WK' || substr(s.neighbourhood_code, 3, 6) ELSE 'unknown' END AS district,
       s.team_id AS team, th.name AS b,
       sum(least(s.households_concerned, 100)), sum(s.households_concerned)
FROM outreach_signal s JOIN outreach_team t ON t.id = s.team_id
JOIN outreach_signaltheme th ON th.id = s.theme_id
CROSS JOIN LATERAL (VALUES (to_char(%(day)s, 'YYYY-MM')), (to_char(%(day)s, 'YYYY-"Q"Q')),
                           (to_char(%(day)s, 'YYYY'))) AS p(period)
WHERE s.status = 'forwarded' AND s.reviewed_at IS NOT NULL AND {IN_SCOPE}
  AND %(day)s BETWEEN %(horizon)s::date AND %(today)s::date
GROUP BY t.municipality_id, p.period, CUBE(district, team, b)
""".replace("%(day)s", "(s.reviewed_at AT TIME ZONE 'Europe/Amsterdam')::date").replace(
    "{IN_SCOPE}", IN_SCOPE
)


def sql_figures(connection, *, today: date, horizon: date, municipalities=None) -> dict:
    """All raw figures by (municipality id, measure, period, area, team, breakdown):
    (households, sum, mean) for the measures, (shared households,) for the shares. Area is
    the district code or "" for the whole municipality."""
    from reach.registry import MEASURES, Kind

    figures = {}
    params = {"today": today, "horizon": horizon, "municipalities": municipalities}
    with connection.cursor() as cursor:
        for name, facts in FACTS.items():
            cursor.execute(EXPAND.format(name=name, facts=facts), params)
            cursor.execute(FIGURES.format(name=name))
            for row in cursor:
                m, period, district, team, b, households, total, mean, items, g_area, g_team = row
                key = (m, name, period, "" if g_area else district, None if g_team else team, b)
                figures[key] = (households, total, mean, items)
        for definition in MEASURES.values():
            if definition.kind != Kind.SHARE or definition.share_of_amounts:
                continue
            cursor.execute(
                SHARED.format(numerator=definition.numerator, denominator=definition.denominator)
            )
            for m, period, district, team, b, shared, g_area, g_team in cursor:
                key = (m, definition.name, period, "" if g_area else district)
                figures[(*key, None if g_team else team, b)] = (shared,)
        cursor.execute(SIGNALS, params)
        for m, period, district, team, b, households, total in cursor:
            if b is None:
                b = ""
            key = (m, "signals_forwarded", period, district or "", team, b)
            figures[key] = (households, total, None, 0)
    return figures


def _round(value, base: int) -> Decimal:
    from reach.disclosure import round_to

    return Decimal(round_to(value, base))


def expected_value(figures: dict, key: tuple, definition, rounding: int):
    """What the store should publish for a cell, from the SQL figures; None if unknown."""
    from reach.registry import Kind

    m, name, period, area, team, breakdown = key
    if definition.kind == Kind.SHARE:
        den = figures.get((m, definition.denominator, period, area, team, ""))
        if definition.share_of_amounts:
            num = figures.get((m, definition.numerator, period, area, team, breakdown))
            part, whole = (num[1] if num else 0), (den[1] if den else None)
        else:
            num = figures.get((m, name, period, area, team, breakdown))
            part, whole = (num[0] if num else 0), (den[0] if den else None)
        if not whole:
            return None
        return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    row = figures.get(key)
    if row is None:
        return None
    households, total, mean, items = row
    if definition.kind == Kind.ITEMS:
        return _round(items, definition.rounding or rounding)
    if definition.kind == Kind.MEAN:
        return Decimal(mean).quantize(Decimal("0.1"), ROUND_HALF_UP)
    if definition.kind == Kind.SUM:
        return _round(total, definition.rounding or rounding)
    return _round(households, rounding)


def compare_with_store(figures: dict, municipality_ids: list[int]) -> tuple[int, list]:
    """Every published cell of the store against the SQL figure: (compared, mismatches)."""
    from reach.models import ReachCell
    from reach.registry import MEASURES

    compared, mismatches = 0, []
    cells = ReachCell.objects.filter(
        suppressed=False, snapshot__municipality_id__in=municipality_ids
    ).select_related("snapshot")
    for cell in cells.iterator(chunk_size=5000):
        snapshot = cell.snapshot
        area = "" if cell.area == snapshot.municipality_code else cell.area
        key = (
            snapshot.municipality_id, cell.measure, cell.period, area, cell.team_id, cell.breakdown
        )  # fmt: skip
        expected = expected_value(figures, key, MEASURES[cell.measure], snapshot.rounding)
        compared += 1
        if expected != cell.value:
            mismatches.append((key, cell.value, expected))
    return compared, mismatches


def sample_municipalities(codes: list[str] | None):
    """The municipalities to refresh: those named, or the one of median size."""
    from django.db.models import Count

    from outreach.models import Municipality

    sized = Municipality.objects.annotate(households=Count("teams__households")).filter(
        households__gt=0
    )
    if codes:
        return list(sized.filter(code__in=codes).order_by("households"))
    ordered = list(sized.order_by("households", "code"))
    return [ordered[len(ordered) // 2]]


def bench_refresh(runs: int, codes: list[str] | None, national: bool) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from outreach.models import Household
    from reach.models import ReachCell
    from reach.services import history_start, reach_refresh

    today = timezone.localdate()
    horizon = history_start(today)
    chosen = sample_municipalities(codes)
    ids = [m.pk for m in chosen]
    households = sum(m.households for m in chosen)
    print(
        "refreshing "
        + ", ".join(f"{m.code} ({m.households:,} households)" for m in chosen)
        + f" against the SQL for the same municipalities; {runs} runs",
        flush=True,
    )
    refresh_times, sql_times = [], []
    figures = None
    for run in range(runs):
        # Alternate the order so that neither side always runs on a warmer cache.
        order = ("refresh", "sql") if run % 2 == 0 else ("sql", "refresh")
        for side in order:
            started = time.perf_counter()
            if side == "refresh":
                for municipality in chosen:
                    reach_refresh(municipality=municipality, today=today)
                refresh_times.append(time.perf_counter() - started)
            else:
                with transaction.atomic():
                    figures = sql_figures(
                        connection, today=today, horizon=horizon, municipalities=ids
                    )
                sql_times.append(time.perf_counter() - started)
            print(f"run {run + 1} {side}: {time.perf_counter() - started:.1f} s", flush=True)
    compared, mismatches = compare_with_store(figures, ids)
    cells = ReachCell.objects.filter(snapshot__municipality_id__in=ids).count()
    print(
        f"{cells:,} cells stored; {compared:,} published cells compared with the SQL "
        f"figures: {len(mismatches)} differ"
    )
    for key, stored, expected in mismatches[:10]:
        print("  differs:", key, "store", stored, "sql", expected)
    for name in ("households_reached", "visits", "share_with_plan"):
        key = next(
            (k for k in sorted(figures, key=str) if k[1] == name and k[3] == "" and k[4] is None),
            None,
        )
        if key:
            print(f"  e.g. SQL {key}: {figures[key]}")
    national_sql = None
    if national:
        started = time.perf_counter()
        with transaction.atomic():
            sql_figures(connection, today=today, horizon=horizon)
        national_sql = time.perf_counter() - started
    refresh, sql = statistics.median(refresh_times), statistics.median(sql_times)
    total = Household.objects.count()
    return {
        "refresh_s": refresh,
        "sql_s": sql,
        "ratio": refresh / sql,
        "compared": compared,
        "mismatches": len(mismatches),
        "cells": cells,
        "households": households,
        "national_sql_s": national_sql,
        "national_refresh_estimate_s": refresh / households * total,
    }


def municipality_user():
    """A municipality analyst of the largest municipality whose figures are in the store
    (the refresh half of this benchmark fills it), with a token."""
    from django.db.models import Count

    from outreach.models import Municipality, User
    from outreach.models.users import Role
    from outreach.services.api_tokens import api_token_issue
    from reach.models import ReachSnapshot

    stored = ReachSnapshot.objects.values_list("municipality_id", flat=True)
    candidates = Municipality.objects.annotate(households=Count("teams__households"))
    largest = (
        candidates.filter(pk__in=list(stored)) if stored else candidates.filter(code="GM9005")
    ).order_by("-households")[0]
    user, _ = User.objects.update_or_create(
        username="bench-municipality",
        defaults={"role": Role.MUNICIPALITY, "municipality": largest},
    )
    # A new token each run: one from an earlier run may have ended (API_TOKEN_HOURS).
    key = api_token_issue(user=user)
    return largest, key


def bench_request(runs: int, seconds: float) -> dict:
    from django.db import connections

    from bench.bench_http import drive
    from reach.models import ReachCell, ReachSnapshot
    from reach.services import reach_refresh

    municipality, token = municipality_user()
    if not ReachSnapshot.objects.filter(municipality_id=municipality.pk).exists():
        reach_refresh(municipality=municipality)
    path = f"/api/v1/reach/?municipality={municipality.code}"
    cells = ReachCell.objects.filter(
        snapshot__municipality_id=municipality.pk, period_kind="quarter", area_kind="municipality",
        team_id__isnull=True,
    ).count()  # fmt: skip
    connections.close_all()
    server = start_server()
    rates = {"trivial": [], "reach": []}
    p95s, errors = [], 0
    try:
        for _ in range(runs):
            rate, _p95, failed = drive("GET", "/bench/trivial/", None, token, seconds)
            rates["trivial"].append(rate)
            rate, p95, failed_reach = drive("GET", path, None, token, seconds)
            rates["reach"].append(rate)
            p95s.append(p95)
            errors += failed + failed_reach
    finally:
        server.terminate()
        server.wait()
    ratios = [r / t for r, t in zip(rates["reach"], rates["trivial"], strict=True)]
    return {
        "municipality": municipality.code,
        "households": municipality.households,
        "cells_in_answer": cells,
        "trivial_rps": statistics.median(rates["trivial"]),
        "reach_rps": statistics.median(rates["reach"]),
        "reach_p95_ms": statistics.median(p95s),
        "ratio": statistics.median(ratios),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--skip-refresh", action="store_true")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument(
        "--national-sql", action="store_true", help="also time the SQL for all municipalities"
    )
    parser.add_argument(
        "--municipalities",
        help="comma-separated codes to refresh (default: the municipality of median size)",
    )
    args = parser.parse_args()
    import django

    django.setup()
    from outreach.models import Household

    print(
        f"Database {DATABASE_URL.rsplit('/', 1)[1]}: {Household.objects.count():,} households",
        flush=True,
    )
    if not args.skip_refresh:
        codes = args.municipalities.split(",") if args.municipalities else None
        result = bench_refresh(args.runs, codes, args.national_sql)
        verdict = "ok" if result["ratio"] <= 1.2 else "MISS"
        print(
            f"\nrefresh of the store ({result['households']:,} households): "
            f"{result['refresh_s']:.1f} s, hand-written SQL {result['sql_s']:.1f} s, ratio "
            f"{result['ratio']:.2f} (target ≤ 1.20 {verdict}); {result['mismatches']} of "
            f"{result['compared']:,} published cells differ from the SQL.\nNational size: the "
            f"refresh, scaled by households, would take about "
            f"{result['national_refresh_estimate_s'] / 60:.0f} min"
        )
        if result["national_sql_s"] is not None:
            print(f"the SQL for all municipalities took {result['national_sql_s']:.1f} s")
    if not args.skip_http:
        result = bench_request(args.runs, args.seconds)
        verdict = "ok" if result["ratio"] >= 0.5 else "MISS"
        print(
            f"\nreach request ({result['municipality']}, {result['cells_in_answer']} cells, "
            f"{result['households']:,} households) {result['reach_rps']:.0f} req/s, "
            f"p95 {result['reach_p95_ms']:.0f} ms; trivial "
            f"{result['trivial_rps']:.0f} req/s; ratio {result['ratio']:.2f} "
            f"(target ≥ 0.50 {verdict}); errors {result['errors']}"
        )
    print(
        f"\nmedian of {args.runs} runs, {CONNECTIONS} connections, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
