# Look-alike letters are the point of some tests here.
# ruff: noqa: RUF001, RUF003
"""What a text message may hold: placeholders without formatting, at most SMS_MAX_SEGMENTS
long whatever the names, an opt-out line that works in every kind, and a preview that
counts exactly what is sent."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifications.models import MessageKind, MessageTemplate, OutboxMessage, OutboxStatus
from notifications.services.inbound import inbound_receive
from notifications.services.planning import (
    appreciation_after_session,
    group_message_send,
    reminders_plan,
    template_save,
)
from notifications.text import count_segments, has_opt_out, render
from notifications.wording import DEFAULT_TEXTS
from tests.helpers import client_for
from tests.notifications.helpers import AFTERNOON


def save(world, body, kind=MessageKind.REMINDER, language="nl"):
    return template_save(
        team=world.household.team, kind=kind, language=language, body=body, by=world.coordinator
    )


@pytest.mark.parametrize(
    "body",
    ["Hoi {name:>1000000} x. Stuur STOP", "Hoi {name!r}. Stuur STOP", "Hoi {name:.3}. STOP"],
)
def test_a_template_with_a_format_specification_is_refused(world, body):
    with pytest.raises(ValidationError) as refused:
        save(world, body)
    assert refused.value.error_dict["body"][0].code == "placeholder_format"
    assert not MessageTemplate.objects.exists()


def test_a_group_message_padding_a_name_is_refused_with_a_clear_message(world, group):
    # Given a coordinator who pads a name to a million characters
    response = client_for(world.coordinator).post(
        f"/api/v1/activities/{group.activity.pk}/message/",
        {"body": "Hoi {name:>1000000} x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    # Then it is refused, and nothing is in the outbox
    assert response.status_code == 400
    assert "like {name}" in response.json()["body"][0]
    assert not OutboxMessage.objects.exists()


def test_the_api_refuses_a_template_with_a_format_specification(world):
    response = client_for(world.coordinator).post(
        "/api/v1/sms-templates/",
        {"team": world.household.team_id, "kind": "reminder", "language": "nl",
         "body": "Hoi {name:>300}. Stuur STOP"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "{name}" in response.json()["body"][0]


def test_a_template_longer_than_the_maximum_is_refused(world, settings):
    settings.SMS_MAX_SEGMENTS = 3
    # 3 segments of GSM-7 hold 459 characters; with the longest names this is more
    with pytest.raises(ValidationError) as refused:
        save(world, "Hoi {name}, " + "a" * 430 + " Stuur STOP")
    assert refused.value.error_dict["body"][0].code == "too_long"
    save(world, "Hoi {name}, " + "a" * 400 + " Stuur STOP")


def test_a_group_message_longer_than_the_maximum_is_refused(world, group, settings):
    settings.SMS_MAX_SEGMENTS = 2
    response = client_for(world.coordinator).post(
        f"/api/v1/activities/{group.activity.pk}/message/",
        {"body": "a" * 300},
        format="json",
    )
    assert response.status_code == 400
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["Wilhelmina-Alexandrina-Theodora " * 3, "Łucja" + "ł" * 110, "😀" * 60, "[]{}€" * 24],
)
def test_a_long_or_unusual_name_never_makes_a_message_longer_than_the_maximum(
    world, group, settings, name
):
    # Given a reminder text as long as allowed, and a participant with a very long name
    settings.SMS_MAX_SEGMENTS = 2
    save(world, "Hoi {name}, " + "a" * 150 + " {activity} om {time}, {place}. Stuur STOP")
    group.regular.name = name
    group.regular.save()
    # When the reminders are planned
    reminders_plan(now=AFTERNOON)
    # Then every message fits, is not held back, and still names the person
    for message in OutboxMessage.objects.all():
        assert message.segments <= 2
        assert count_segments(message.body).segments == message.segments
        assert message.status == OutboxStatus.QUEUED
        assert has_opt_out(message.body)


def test_a_message_that_cannot_fit_is_held_back_visibly(world, group, settings):
    # Given a team text that was saved when the maximum was higher
    MessageTemplate.objects.create(
        team=world.household.team, kind=MessageKind.REMINDER, language="nl",
        body="a" * 400 + " Stuur STOP", updated_by=world.coordinator,
    )  # fmt: skip
    settings.SMS_MAX_SEGMENTS = 1
    reminders_plan(now=AFTERNOON)
    message = OutboxMessage.objects.get(participant=group.regular)
    assert message.status == OutboxStatus.CANCELLED
    assert message.error_code == "too_long"


def segments_preview(world, body, **extra):
    response = client_for(world.coordinator).post(
        "/api/v1/outbox/segments/", {"body": body, **extra}, format="json"
    )
    assert response.status_code == 200
    return response.json()


def test_the_preview_counts_the_opt_out_line_and_the_longest_names(world):
    # A bare 150-character text is one segment, but goes out with the opt-out line: two
    answer = segments_preview(world, "a" * 150)
    assert answer["segments"] == 2
    assert answer["characters"] == 150 + 1 + len("Geen sms meer? Stuur STOP.")
    # {name} is counted at its longest, not as six characters
    assert segments_preview(world, "a" * 140 + " {name} STOP")["segments"] == 2
    assert answer["max_segments"] == 3


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    # Any name a participant can have: the API refuses NUL, no text column stores it.
    name=st.text(min_size=1, max_size=120).filter(lambda n: n.split() and "\x00" not in n),
    body=st.sampled_from(
        ["Hoi {name}, tot donderdag!", "{name}: " + "lang verhaal " * 30, "Dag {name} 👋 STOP",
         "Hoi {name}, {activity} gaat niet door. Stuur STOP voor geen sms meer."]
    ),
)  # fmt: skip
def test_the_composer_preview_counts_exactly_what_is_sent(world, group, name, body):
    # Given a group whose participant has any name at all
    OutboxMessage.objects.all().delete()
    group.regular.name = name
    group.regular.save()
    group.newcomer.name = "Kees"
    group.newcomer.save()
    # When the coordinator previews the message for this group, and sends it
    preview = segments_preview(world, body, activity=group.activity.pk)
    group_message_send(activity=group.activity, body=body, by=world.coordinator)
    # Then the preview is the longest message that went out, to the segment and character
    sent = list(OutboxMessage.objects.all())
    assert {m.participant_id for m in sent} == {group.regular.pk, group.newcomer.pk}
    longest = max(sent, key=lambda m: (m.segments, len(m.body), count_segments(m.body).encoding))
    assert (preview["segments"], preview["characters"]) == (longest.segments, len(longest.body))
    assert preview["encoding"] == count_segments(longest.body).encoding
    assert all(m.segments <= 3 and has_opt_out(m.body) for m in sent)


# --- The opt-out line ---


@pytest.mark.parametrize("kind", MessageKind.values)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_kind_of_message_says_how_to_stop(kind, language):
    values = {"name": "Fatima", "activity": "Kookgroep", "date": "dinsdag 3 maart",
              "time": "17:30", "place": "Buurthuis", "count": 5}  # fmt: skip
    body = DEFAULT_TEXTS[kind][language]
    text = render(body, values, language)
    assert has_opt_out(text)
    assert ("Stuur STOP" if language == "nl" else "Reply STOP") in text


def test_a_team_template_without_the_opt_out_line_is_refused(world):
    response = client_for(world.coordinator).post(
        "/api/v1/sms-templates/",
        {"team": world.household.team_id, "kind": "milestone", "language": "nl",
         "body": "Hoi {name}, al {count} keer!"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400
    assert "STOP" in response.json()["body"][0]
    assert not MessageTemplate.objects.exists()


def test_a_template_saved_before_the_rule_still_goes_out_with_the_opt_out_line(world, group):
    MessageTemplate.objects.create(
        team=world.household.team, kind=MessageKind.REMINDER, language="nl",
        body="Hoi {name}, tot {time}!", updated_by=world.coordinator,
    )  # fmt: skip
    reminders_plan(now=AFTERNOON)
    assert OutboxMessage.objects.get(participant=group.regular).body == (
        "Hoi Fatima, tot 10:00! Geen sms meer? Stuur STOP."
    )


def test_a_group_message_gets_the_opt_out_line_and_replying_stop_works(world, group):
    # Given a group message written without an opt-out line
    group_message_send(
        activity=group.activity, body="Hoi {name}, tot morgen!", by=world.coordinator
    )
    message = OutboxMessage.objects.get(participant=group.regular)
    assert message.body == "Hoi Fatima, tot morgen! Geen sms meer? Stuur STOP."
    # When the participant replies with the word the message names
    inbound = inbound_receive(provider_id="SM1", from_phone=message.to, body="STOP")
    # Then they get no more messages
    assert inbound.handled_as == "opt_out"
    group_message_send(activity=group.activity, body="Nog een, {name}", by=world.coordinator)
    from notifications.services.consent import may_receive

    later = OutboxMessage.objects.filter(participant=group.regular).latest("pk")
    assert may_receive(later)[0] is False


def test_milestone_and_thanks_carry_the_opt_out_line(world, group, settings):
    settings.SMS_MILESTONES = [3]
    appreciation_after_session(session=group.activity.sessions.order_by("starts_at")[2])
    sent = OutboxMessage.objects.filter(kind=MessageKind.MILESTONE)
    assert sent.exists()
    assert all("Stuur STOP" in message.body for message in sent)


# --- Sensitive words written to slip past the filter ---


@pytest.mark.parametrize(
    "text",
    [
        "Hulp bij je sсhuld",  # Cyrillic с
        "Over je ѕchuld",  # Cyrillic ѕ
        "De υitkering komt",  # Greek υ
        "schu\u200bld",  # zero-width space
        "schu\u00adld",  # soft hyphen
        "sch\u200dul\u2060d",  # zero-width joiner, word joiner
        "ＳＣＨＵＬＤ",  # fullwidth
        "schu1d",  # digit for a letter
        "v03dselbank",
        "z1ek",
        "SCHÚLD",
        "Je uıtkering",  # dotless i
    ],
)
def test_look_alike_letters_and_invisible_characters_do_not_slip_past(world, text):
    with pytest.raises(ValidationError) as refused:
        save(world, f"Hoi {{name}}, {text}. Stuur STOP")
    assert refused.value.error_dict["body"][0].code == "sensitive"


@pytest.mark.parametrize(
    "text", ["Tot 10 uur!", "Om 13:45 in zaal 4", "Fijn dat je er was, 100% top", "Tuinieren"]
)
def test_numbers_and_ordinary_words_are_not_mistaken_for_sensitive_words(world, text):
    save(world, f"Hoi {{name}}, {text}. Stuur STOP")


def test_a_control_character_in_the_composer_is_refused_not_a_server_error(world, group, client):
    # Given a coordinator in the composer page, pasting text with a NUL byte
    client.force_login(world.coordinator)
    response = client.post(
        f"/notifications/activities/{group.activity.pk}/compose/",
        {"body": "Hoi {name}\x00, tot morgen", "key": "abcdefgh12"},
    )
    # Then the page says why, and nothing is in the outbox
    assert response.status_code == 200
    assert not OutboxMessage.objects.exists()
    with pytest.raises(ValidationError):
        save(world, "Hoi\x07 {name}. Stuur STOP")


def test_a_teams_own_wording_is_listed_once_saved_even_before_it_runs_an_activity(world):
    # Given a team that runs no group activity yet (its score requests still use wording)
    team = world.household.team
    assert not team.activities.exists()
    coordinator = client_for(world.coordinator)
    # When its coordinator saves its own wording
    response = coordinator.post(
        "/api/v1/sms-templates/",
        {"team": team.pk, "kind": "verdict_request", "language": "nl",
         "body": "Hoi {name}, hoe vond je onze hulp? Geef een cijfer van 1 tot 10. Stuur STOP"},
        format="json",
    )  # fmt: skip
    # Then the answer shows it and so does the list
    assert response.status_code == 201, response.json()
    listed = coordinator.get("/api/v1/sms-templates/", {"team": team.pk}).json()["results"]
    assert [row["id"] for row in listed] == [response.json()["id"]]
    # and a coordinator of another team does not see it
    other = client_for(world.other_coordinator).get("/api/v1/sms-templates/").json()["results"]
    assert response.json()["id"] not in [row["id"] for row in other]
