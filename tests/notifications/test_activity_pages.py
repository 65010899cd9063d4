"""Activities, their sessions and participants, made and changed on the pages (not only
through the API or the admin)."""

import pytest
from django.utils import timezone

from notifications.models import Activity, Enrolment, Participant, ParticipantConsent, Session
from outreach.models import ConsentText


def test_coordinator_starts_an_activity_plans_a_session_and_adds_a_participant(client, world):
    client.force_login(world.coordinator)
    assert (
        "/notifications/activities/new/"
        in client.get("/notifications/activities/").content.decode()
    )
    # Start a cooking group (the team is the coordinator's only team: not asked)
    response = client.post(
        "/notifications/activities/new/",
        {
            "team": world.household.team.pk,
            "name": "Kookgroep",
            "place": "Buurthuis De Kroon",
            "organiser": world.peer.pk,
            "regular_min_present": 2,
            "regular_window": 4,
            "reminder_hours_before": 24,
        },
    )
    activity = Activity.objects.get(name="Kookgroep")
    assert response["Location"] == f"/notifications/activities/{activity.pk}/"
    assert (activity.team, activity.organiser) == (world.household.team, world.peer)
    # Plan its first session with the browser's own date-and-time picker
    response = client.post(
        f"/notifications/activities/{activity.pk}/sessions/new/",
        {"starts_at": "2030-03-12T18:00", "ends_at": "2030-03-12T20:30"},
    )
    assert response.status_code == 302
    session = Session.objects.get(activity=activity)
    assert timezone.localtime(session.starts_at).hour == 18
    # Add a participant who agreed to text messages on paper
    response = client.post(
        f"/notifications/activities/{activity.pk}/participants/new/",
        {
            "name": "Fatima Amrani",
            "phone": "06 11111111",
            "language": "nl",
            "role": "participant",
            "is_regular": "on",
            "sms_consent": "on",
            "sms_consent_method": "written",
        },
    )
    assert response.status_code == 302
    participant = Participant.objects.get(name="Fatima Amrani")
    assert participant.phone == "+31611111111"
    assert Enrolment.objects.get(activity=activity, participant=participant).is_regular
    consent = ParticipantConsent.objects.get(participant=participant)
    latest = ConsentText.objects.filter(scope="sms").order_by("-published_on").first()
    assert (consent.method, consent.text_version, consent.recorded_by) == (
        "written",
        latest.version,
        world.coordinator,
    )
    page = client.get(f"/notifications/activities/{activity.pk}/").content.decode()
    assert "Fatima Amrani" in page and "Buurthuis De Kroon" in page


def test_a_peer_of_the_team_changes_and_cancels_a_session(client, world, group):
    client.force_login(world.peer)
    session = group.next_session
    page = client.get(f"/notifications/activities/{group.activity.pk}/").content.decode()
    assert f"/notifications/sessions/{session.pk}/edit/" in page
    local_start = session.starts_at.astimezone().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/notifications/sessions/{session.pk}/edit/",
        {"starts_at": local_start, "place": "Bibliotheek", "cancelled": "on"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.place, session.cancelled) == ("Bibliotheek", True)


def test_changing_a_participant_keeps_their_consent_and_updates_the_enrolment(client, world, group):
    client.force_login(world.coordinator)
    url = f"/notifications/activities/{group.activity.pk}/participants/{group.regular.pk}/edit/"
    page = client.get(url).content.decode()
    # Consent already given: not asked again here (STOP ends it)
    assert "sms_consent" not in page
    response = client.post(
        url,
        {"name": "Fatima El Amrani", "phone": "0611111111", "language": "nl", "role": "volunteer"},
    )
    assert response.status_code == 302
    group.regular.refresh_from_db()
    assert group.regular.name == "Fatima El Amrani"
    assert Enrolment.objects.get(activity=group.activity, participant=group.regular).role == (
        "volunteer"
    )
    assert group.regular.sms_consents.filter(withdrawn_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sms_consent": "on", "sms_consent_method": "verbal"}, "mobiel nummer in"),
        ({"sms_consent": "on", "phone": "0611111111"}, "Kies hoe"),
        ({"phone": "12345"}, "06 12345678"),
    ],
)
def test_a_participant_form_with_a_mistake_says_what_to_fix_and_saves_nothing(
    client, world, group, data, message
):
    client.force_login(world.coordinator)
    response = client.post(
        f"/notifications/activities/{group.activity.pk}/participants/new/",
        {"name": "Nieuw", "language": "nl", "role": "participant", **data},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Participant.objects.filter(name="Nieuw").exists()


def test_a_session_that_ends_before_it_starts_is_refused(client, world, group):
    client.force_login(world.coordinator)
    response = client.post(
        f"/notifications/activities/{group.activity.pk}/sessions/new/",
        {"starts_at": "2030-03-12T18:00", "ends_at": "2030-03-12T17:00"},
    )
    assert response.status_code == 200
    assert not Session.objects.filter(activity=group.activity, ends_at__isnull=False).exists()


def test_an_activity_with_more_sessions_needed_than_counted_is_refused(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        "/notifications/activities/new/",
        {
            "team": world.household.team.pk,
            "name": "Wandelclub",
            "regular_min_present": 6,
            "regular_window": 4,
            "reminder_hours_before": 24,
        },
    )
    assert response.status_code == 200
    assert not Activity.objects.filter(name="Wandelclub").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/notifications/activities/{a}/edit/",
        "/notifications/activities/{a}/sessions/new/",
        "/notifications/sessions/{s}/edit/",
        "/notifications/activities/{a}/participants/new/",
        "/notifications/activities/{a}/participants/{p}/edit/",
    ],
)
def test_another_teams_activity_does_not_exist_for_a_peer(client, world, group, path):
    zuid_peer = world.other_household.assignments.get().lead
    client.force_login(zuid_peer)
    url = path.format(a=group.activity.pk, s=group.next_session.pk, p=group.regular.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x"}).status_code == 404


def test_the_municipality_makes_no_activities(client, world):
    client.force_login(world.municipality_user)
    assert client.get("/notifications/activities/new/").status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/notifications/activities/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
