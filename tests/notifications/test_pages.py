"""The pages coordinators and peers use for texts: the team's own wording of each message,
and a peer's choice of how to hear about overdue follow-ups."""

from notifications.models import MessageTemplate, PeerNotificationPreference


def test_coordinator_rewords_a_reminder_and_sees_it_in_the_list(client, world):
    client.force_login(world.coordinator)
    team = world.household.team
    url = f"/notifications/templates/{team.pk}/reminder/en/"
    # The form opens with the built-in text
    assert "See you!" in client.get(url).content.decode()
    response = client.post(
        url, {"body": "Hi {name}, {activity} at {time}. See you! STOP: reply STOP"}
    )
    assert response.status_code == 302
    template = MessageTemplate.objects.get(team=team, kind="reminder", language="en")
    assert template.updated_by == world.coordinator
    listing = client.get(f"/notifications/templates/?team={team.pk}").content.decode()
    assert "Hi {name}, {activity} at {time}. See you! STOP: reply STOP" in listing


def test_text_with_a_sensitive_word_is_refused_on_the_page(client, world):
    client.force_login(world.coordinator)
    url = f"/notifications/templates/{world.household.team_id}/milestone/nl/"
    response = client.post(url, {"body": "Goed dat je schulden aanpakt, {name}"})
    assert response.status_code == 200
    assert "schuld" in response.content.decode()
    assert not MessageTemplate.objects.exists()


def test_coordinator_goes_back_to_the_built_in_text(client, world):
    client.force_login(world.coordinator)
    url = f"/notifications/templates/{world.household.team_id}/reminder/nl/"
    client.post(url, {"body": "Tot {date}, {name}!"})
    client.post(url, {"body": "", "reset": "1"})
    assert not MessageTemplate.objects.exists()


def test_peer_chooses_text_messages_for_overdue_reminders(client, world):
    client.force_login(world.peer)
    response = client.post(
        "/notifications/preferences/", {"channel": "sms", "phone": "06 1234 5678"}
    )
    assert response.status_code == 302
    preference = PeerNotificationPreference.objects.get(user=world.peer)
    assert (preference.channel, preference.phone) == ("sms", "+31612345678")
    # A text message needs a number
    response = client.post("/notifications/preferences/", {"channel": "sms", "phone": ""})
    assert response.status_code == 200
    assert PeerNotificationPreference.objects.get(user=world.peer).phone == "+31612345678"


def test_the_count_says_one_text_message_in_the_singular(client, world):
    # Given a short thank-you that fits in one text message
    client.force_login(world.coordinator)
    url = f"/notifications/templates/{world.household.team_id}/milestone/nl/"
    client.post(url, {"body": "Dank je wel, {name}! Geen sms meer? Stuur STOP."})
    count = client.get(url).content.decode().split('id="count"', 1)[1].split("</p>", 1)[0]
    assert " tekens · 1 sms (" in count
    assert "1 sms'jes" not in count
