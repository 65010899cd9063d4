"""Names of CBS areas: people read 'Kalsdonk', never BU16740201."""

import pytest
from django.core.management import CommandError, call_command

from outreach.models import AreaName, Household, Signal, SignalTheme
from outreach.services.areas import area_names_load
from outreach.workflow import HouseholdStatus

CBS_FILE = """gwb_code_10;gwb_code_8;regio;gm_naam;recs
GM1674;1674;Roosendaal;Roosendaal;Gemeente
WK167402;167402;Kalsdonk en Langdonk;Roosendaal;Wijk
BU16740101;16740101;Centrum-Noord;Roosendaal;Buurt
BU16740201;16740201;Kalsdonk;Roosendaal;Buurt
"""


def test_the_yearly_cbs_file_loads_names_per_code_and_year(db, tmp_path):
    path = tmp_path / "kwb-2025.csv"
    path.write_text(CBS_FILE, encoding="utf-8")
    call_command("load_area_names", "2025", str(path))
    assert AreaName.objects.get(code="BU16740201", year=2025).name == "Kalsdonk"
    assert AreaName.objects.get(code="WK167402", year=2025).name == "Kalsdonk en Langdonk"
    # Loading a corrected file again replaces the name, it does not add a second one
    path.write_text(CBS_FILE.replace(";Kalsdonk;", ";Kalsdonk-Zuid;"), encoding="utf-8")
    call_command("load_area_names", "2025", str(path))
    assert AreaName.objects.get(code="BU16740201", year=2025).name == "Kalsdonk-Zuid"


def test_a_file_with_a_bad_code_loads_nothing_and_says_which_row(db, tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("code,name\nBU16740101,Centrum-Noord\nBU1674,Half\n", encoding="utf-8")
    with pytest.raises(CommandError, match="BU1674"):
        call_command("load_area_names", "2025", str(path))
    assert not AreaName.objects.exists()


def test_a_file_without_code_and_name_columns_is_refused_clearly(db, tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("buurt;inwoners\nCentrum;100\n", encoding="utf-8")
    with pytest.raises(CommandError, match="needs a code column"):
        call_command("load_area_names", "2025", str(path))


def test_intake_queue_shows_the_neighbourhood_by_name(client, world):
    area_names_load(year=2024, rows=[("BU16740101", "Centrum-Noord")])
    Household.objects.filter(pk=world.household.pk).update(status=HouseholdStatus.NEW)
    world.household.assignments.all().delete()
    client.force_login(world.coordinator)
    page = client.get("/coordinator/intake/").content.decode()
    # The household's code is of 2025; the newest earlier division names it
    assert "Centrum-Noord" in page
    assert "BU16740101" not in page


def test_a_code_without_a_known_name_is_still_shown(client, world):
    Household.objects.filter(pk=world.household.pk).update(status=HouseholdStatus.NEW)
    world.household.assignments.all().delete()
    client.force_login(world.coordinator)
    assert "BU16740101" in client.get("/coordinator/intake/").content.decode()


def test_a_signal_is_placed_in_a_neighbourhood_chosen_by_name(client, world):
    area_names_load(
        year=2025,
        rows=[
            ("BU16740101", "Centrum-Noord"),
            ("BU16740201", "Kalsdonk"),
            ("BU03630000", "Elders"),
        ],
    )
    client.force_login(world.coordinator)
    page = client.get("/coordinator/signals/").content.decode()
    assert '<option value="BU16740201">Kalsdonk</option>' in page
    # Only neighbourhoods of the team's own municipality are offered
    assert "Elders" not in page
    theme = SignalTheme.objects.get(name="Schulden")
    response = client.post(
        "/coordinator/signals/",
        {
            "signal-theme": theme.pk,
            "signal-neighbourhood_code": "BU16740201",
            "signal-households_concerned": 6,
            "signal-description": "Veel gezinnen kunnen de sportclub niet betalen.",
        },
    )
    assert response.status_code == 302
    assert Signal.objects.get().neighbourhood_code == "BU16740201"
    assert "Kalsdonk" in client.get("/coordinator/signals/").content.decode()
