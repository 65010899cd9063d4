"""Forwarding a signal to the municipality (confirmed, checked for personal data, with no
way round) and the municipality's answers to it."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from outreach.models import SignalAnswer, SignalStatus, SignalTheme
from outreach.services.signals import signal_answer, signal_forward, signal_record


def record(world, description="Gezinnen krijgen aanmaningen voor de waterrekening."):
    return signal_record(
        team=world.household.team,
        theme=SignalTheme.objects.get(name="Schulden"),
        neighbourhood_code="BU16740101",
        description=description,
        households_concerned=4,
        recorded_by=world.peer,
    )


def forward(world, signal, text, confirmed=True):
    return signal_forward(
        signal=signal,
        forwarded_by=world.coordinator,
        forwarded_text=text,
        confirmed_no_personal_data=confirmed,
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Gezinnen bellen 0612345678 maar krijgen geen antwoord", "een telefoonnummer"),
        ("Zie de flat aan de Kerkstraat 12", "een adres"),
        ("Het gaat om 4701 AB 12 en de buren", "een postcode met huisnummer"),
        ("Mevrouw Jansen krijgt steeds aanmaningen", "een naam"),
        ("Geboren 12-03-1961 en nog steeds geen AOW", "een geboortedatum"),
    ],
)
def test_a_forward_that_looks_personal_is_refused_in_plain_dutch(world, text, found):
    # Given a signal to review
    signal = record(world)
    # When the coordinator forwards a text with personal data in it, even confirmed
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        forward(world, signal, text)
    # Then it is refused, saying what was found and to take it out
    message = " ".join(refused.value.messages)
    assert f"Deze tekst lijkt {found}" in message and "Haal het weg" in message
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW and signal.forwarded_text == ""


def test_a_forward_needs_the_confirmation(world):
    signal = record(world)
    with translation.override("en"), pytest.raises(ValidationError, match="no personal data"):
        forward(world, signal, "Aanmaningen in de hele wijk", confirmed=False)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW


def test_the_municipality_gets_the_edited_text_and_the_team_keeps_its_own(world):
    # Given a description the team confirmed while recording it (it names a street)
    signal = signal_record(
        team=world.household.team, theme=SignalTheme.objects.get(name="Schulden"),
        neighbourhood_code="BU16740101", households_concerned=4, recorded_by=world.peer,
        description="Aanmaningen bij de flats, Kerkstraat 12", confirmed_no_personal_data=True,
    )  # fmt: skip
    # When the coordinator forwards it as it is, it is refused; edited, it goes
    with pytest.raises(ValidationError):
        forward(world, signal, "")
    signal = forward(world, signal, "  Aanmaningen bij de flats in de wijk  ")
    # Then the municipality's text is the edited one; the description is unchanged
    assert signal.status == SignalStatus.FORWARDED
    assert signal.forwarded_text == "Aanmaningen bij de flats in de wijk"
    assert signal.description == "Aanmaningen bij de flats, Kerkstraat 12"


def test_without_an_edit_the_description_is_forwarded(world):
    signal = forward(world, record(world), "")
    assert signal.forwarded_text == "Gezinnen krijgen aanmaningen voor de waterrekening."


def test_answers_are_kept_in_order_and_no_action_needs_a_reason(world):
    # Given a forwarded signal
    signal = forward(world, record(world), "")
    official = world.municipality_user
    # When the municipality answers it as things move on
    signal_answer(signal=signal, status="received", reply="", answered_by=official)
    with translation.override("en"), pytest.raises(ValidationError, match="no action"):
        signal_answer(signal=signal, status="no_action", reply="  ", answered_by=official)
    signal_answer(
        signal=signal, status="no_action", reply="Is landelijk beleid.", answered_by=official
    )
    # Then every answer is kept, the latest first
    assert list(signal.answers.values_list("status", flat=True)) == ["no_action", "received"]


def test_only_a_forwarded_signal_is_answered(world):
    signal = record(world)
    with pytest.raises(ValidationError):
        signal_answer(
            signal=signal, status="received", reply="", answered_by=world.municipality_user
        )
    assert not SignalAnswer.objects.exists()


def test_an_unknown_status_is_refused(world):
    signal = forward(world, record(world), "")
    with pytest.raises(ValidationError):
        signal_answer(signal=signal, status="done", reply="", answered_by=world.municipality_user)
