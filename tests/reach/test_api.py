"""GET /api/v1/reach/: who sees which figures, that only the store is read, exports."""

import io
import os
import subprocess
import sys
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from outreach.models import Municipality, Role
from outreach.services.areas import area_names_load
from reach.exports import to_csv
from reach.models import ReachSnapshot
from reach.services import reach_refresh
from tests.factories import HouseholdFactory, TeamFactory, UserFactory
from tests.helpers import client_for
from tests.reach.helpers import TODAY, case_tables, moment

URL = "/api/v1/reach/"


def test_the_municipality_gets_its_figures_in_long_form(refreshed):
    response = client_for(refreshed.municipality_user).get(URL, {"period": "quarter"})
    assert response.status_code == 200
    data = response.json()
    assert (data["k"], data["rounding"], data["municipality"]) == (10, 5, "GM1674")
    reached = {
        c["period"]: c["value"] for c in data["cells"] if c["measure"] == "households_reached"
    }
    assert reached["2026-Q3"] == 30
    assert {c["team"] for c in data["cells"]} == {None}
    assert {c["area"] for c in data["cells"]} == {"GM1674"}
    hidden = [c for c in data["cells"] if c["suppressed"]]
    assert hidden and all(c["value"] is None and c["reason"] in data["legend"] for c in hidden)


def test_districts_show_the_tiny_one_suppressed(refreshed):
    data = client_for(refreshed.municipality_user).get(URL, {"area": "district"}).json()
    tiny = [c for c in data["cells"] if c["area"] == "WK167409"]
    assert tiny and all(c["suppressed"] and c["value"] is None for c in tiny)


def test_a_request_for_figures_never_touches_a_case_table(refreshed):
    forbidden = case_tables()
    for user in (refreshed.municipality_user, refreshed.coordinator, refreshed.admin):
        client = client_for(user)
        for params in ({}, {"area": "district", "period": "month"}, {"format": "xlsx"}):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(URL, params).status_code == 200
            sql = " ".join(query["sql"] for query in queries.captured_queries)
            assert not [table for table in forbidden if f'"{table}"' in sql], sql


def test_a_table_asked_again_comes_from_the_cache_and_a_refresh_shows_new_figures(refreshed):
    client = client_for(refreshed.municipality_user)
    first = client.get(URL).json()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL).json()
    # The second answer is the same without reading the cells again
    assert again["cells"] == first["cells"]
    assert not [q for q in queries.captured_queries if '"reach_reachcell"' in q["sql"]]
    # After a refresh with more households, the answer has the new figures at once
    for _ in range(10):
        HouseholdFactory(team=refreshed.household.team, neighbourhood_code="BU16740101",
                         created_at=moment(date(2026, 8, 1)))  # fmt: skip
    reach_refresh(municipality=refreshed.household.team.municipality, today=TODAY)
    refreshed_answer = client.get(URL).json()
    reached = {
        c["period"]: c["value"]
        for c in refreshed_answer["cells"]
        if c["measure"] == "households_reached"
    }
    assert reached["2026-Q3"] == 40


def test_a_coordinator_sees_only_their_own_teams_cells(refreshed):
    noord = refreshed.household.team_id
    data = client_for(refreshed.coordinator).get(URL).json()
    assert {c["team"] for c in data["cells"]} == {noord}
    assert [team["id"] for team in data["teams"]] == [noord]
    other_team = refreshed.other_household.team_id
    assert client_for(refreshed.coordinator).get(URL, {"team": other_team}).status_code == 404


def test_the_municipality_may_ask_per_team(refreshed):
    zuid = refreshed.other_household.team_id
    data = client_for(refreshed.municipality_user).get(URL, {"team": zuid}).json()
    assert {c["team"] for c in data["cells"]} == {zuid}
    assert client_for(refreshed.municipality_user).get(URL, {"team": 999999}).status_code == 404


def test_peers_get_nothing_and_anonymous_must_log_in(refreshed):
    assert client_for(refreshed.peer).get(URL).status_code == 404
    assert client_for(None).get(URL).status_code == 401


def test_another_municipalitys_figures_do_not_exist_for_a_municipality_user(refreshed):
    elsewhere = Municipality.objects.create(code="GM0363", name="Amsterdam")
    HouseholdFactory(team=TeamFactory(municipality=elsewhere))
    reach_refresh(municipality=elsewhere, today=TODAY)
    user = refreshed.municipality_user
    assert client_for(user).get(URL, {"municipality": "GM0363"}).status_code == 404
    assert client_for(user).get(URL).json()["municipality"] == "GM1674"


def test_an_admin_picks_one_municipality_and_never_sees_two_mixed(refreshed):
    elsewhere = Municipality.objects.create(code="GM0363", name="Amsterdam")
    HouseholdFactory(team=TeamFactory(municipality=elsewhere))
    reach_refresh(municipality=elsewhere, today=TODAY)
    admin = client_for(refreshed.admin)
    response = admin.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "municipality" in response.json()
    data = admin.get(URL, {"municipality": "GM0363"}).json()
    assert data["municipality"] == "GM0363"
    assert {c["area"] for c in data["cells"]} <= {"GM0363"}


def test_only_fixed_periods_and_areas_are_accepted(refreshed):
    client = client_for(refreshed.municipality_user)
    for params in ({"period": "week"}, {"area": "neighbourhood"}, {"team": "x"},
                   {"municipality": "Roosendaal"}):  # fmt: skip
        response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400, params
        assert response["Content-Type"] == "application/json"


def test_figures_download_as_csv_with_suppressed_cells_marked(refreshed):
    client = client_for(refreshed.municipality_user)
    response = client.get(URL, {"format": "csv", "area": "district"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()]
    assert rows[0][:3] == ["periode", "gebied", "gebiedsnaam"]
    tiny = [row for row in rows if row[1] == "WK167409"]
    assert tiny and all(row[7] == "" and row[8] == "ja" for row in tiny)


def test_the_csv_names_each_district_beside_its_code(refreshed):
    # Given the CBS names of the districts are loaded
    area_names_load(year=2025, rows=[("WK167401", "Centrum"), ("WK167403", "Kroeven")])
    client = client_for(refreshed.municipality_user)
    # When the municipality downloads the figures per district in Dutch
    response = client.get(URL, {"format": "csv", "area": "district", "period": "year"})
    rows = [line.split(";") for line in response.content.decode("utf-8-sig").splitlines()]
    # Then each district has its name beside its code, and the municipality its own name
    assert {(row[1], row[2]) for row in rows[1:]} >= {
        ("WK167401", "Centrum"),
        ("WK167403", "Kroeven"),
    }
    whole = client.get(URL, {"format": "csv", "period": "year"}).content.decode("utf-8-sig")
    assert ";GM1674;Roosendaal;" in whole
    # And the whole numbers are whole numbers
    values = {(row[0], row[1], row[4]): row[7] for row in rows[1:]}
    assert values[("2026", "WK167401", "households_reached")] == "15"


def test_csv_fractions_in_dutch_have_a_decimal_comma_and_in_english_a_point():
    cells = [
        {"period": "2026", "area": "GM1674", "team": None, "measure": measure, "breakdown": "",
         "value": value, "suppressed": False, "reason": ""}
        for measure, value in (("share_with_plan", 0.41), ("visits", 1234), ("x", -0.5))
    ]  # fmt: skip
    data = {"k": 10, "rounding": 5, "municipality": "GM1674", "cells": cells}
    with translation.override("nl"):
        dutch = to_csv(data).decode("utf-8-sig").splitlines()
    with translation.override("en"):
        english = to_csv(data).decode("utf-8-sig").splitlines()
    assert [line.split(";")[7] for line in dutch[1:]] == ["0,41", "1234", "-0,5"]
    assert [line.split(";")[7] for line in english[1:]] == ["0.41", "1234", "-0.5"]


def test_figures_download_as_xlsx(refreshed):
    response = client_for(refreshed.municipality_user).get(URL, {"format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "periode"
    assert any(row[4] == "households_reached" and row[0] == "2026-Q3" and row[7] == 30
               for row in rows)  # fmt: skip
    assert len(workbook.worksheets) == 2  # the explanation of suppression


def test_before_the_first_refresh_the_answer_is_empty(world):
    assert not ReachSnapshot.objects.exists()
    data = client_for(world.municipality_user).get(URL).json()
    assert data["cells"] == [] and data["refreshed_at"] is None


def test_a_municipality_user_without_a_municipality_sees_nothing(db):
    user = UserFactory(role=Role.MUNICIPALITY)
    assert client_for(user).get(URL).status_code == 404


@pytest.mark.parametrize("k", ["4", "0"])
def test_the_app_refuses_to_start_with_k_below_five(k):
    environment = {**os.environ, "REACH_K": k, "DEMO_MODE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ.setdefault("
         "'DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup()"],
        env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "REACH_K" in result.stderr


def test_the_openapi_schema_documents_the_fixed_dimensions_and_the_downloads(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/reach/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters["period"]["schema"]["enum"]) == {"month", "quarter", "year"}
    assert set(parameters["area"]["schema"]["enum"]) == {"municipality", "district"}
    assert {"team", "format", "municipality"} <= set(parameters)
    assert {"application/json", "text/csv"} <= set(operation["responses"]["200"]["content"])
    measures = str(schema["components"]["schemas"])
    assert "suppressed" in measures
