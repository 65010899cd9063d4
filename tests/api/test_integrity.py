"""Values that cannot be right are refused with a clear message: an organiser from another
municipality, a visit in the year 1, a follow-up due in 9999."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Activity
from outreach.models import FollowUp, User, Visit
from tests.factories import MunicipalityFactory, TeamFactory, UserFactory
from tests.helpers import client_for


@pytest.fixture
def activity(world):
    return Activity.objects.create(team=world.household.team, name="Kookgroep")


def test_a_peer_cannot_make_a_person_of_another_municipality_organiser(world, activity):
    # Given a peer of another municipality
    bergen = MunicipalityFactory(code="GM0893", name="Bergen op Zoom")
    elsewhere = UserFactory(team=TeamFactory(municipality=bergen, name="Centrum"))
    # When a peer names them as organiser, on a new activity or an existing one
    client = client_for(world.peer)
    created = client.post(
        "/api/v1/activities/",
        {"team": world.household.team_id, "name": "Wandelgroep", "organiser": elsewhere.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    changed = client.patch(
        f"/api/v1/activities/{activity.pk}/", {"organiser": elsewhere.pk}, format="json"
    )
    # Then both are refused, without naming the person
    assert created.status_code == 400
    assert created.json()["organiser"] == [
        "Choose as organiser a peer or coordinator of a team in this municipality."
    ]
    assert elsewhere.username not in created.content.decode()
    assert changed.status_code == 400
    activity.refresh_from_db()
    assert activity.organiser is None
    assert not Activity.objects.filter(name="Wandelgroep").exists()


def test_a_colleague_of_the_same_municipality_can_organise(world, activity):
    zuid_peer = User.objects.get(username="peer-zuid-1")
    response = client_for(world.peer).patch(
        f"/api/v1/activities/{activity.pk}/", {"organiser": zuid_peer.pk}, format="json"
    )
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.organiser == zuid_peer


def test_the_municipality_account_is_no_organiser(world, activity):
    response = client_for(world.coordinator).patch(
        f"/api/v1/activities/{activity.pk}/",
        {"organiser": world.municipality_user.pk},
        format="json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize("started_at", ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00",
                                        "1999-12-31T12:00:00+01:00"])  # fmt: skip
def test_a_visit_dated_long_before_outreach_began_is_refused(world, started_at):
    before = Visit.objects.count()
    response = client_for(world.peer).post(
        "/api/v1/visits/",
        {"household": world.household.pk, "client_uuid": str(uuid.uuid4()),
         "kind": "home_visit", "duration_minutes": 30, "started_at": started_at},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400
    assert "started_at" in response.json()
    assert Visit.objects.count() == before


def test_a_visit_dated_year_one_gets_a_clear_message(world):
    response = client_for(world.peer).post(
        "/api/v1/visits/",
        {"household": world.household.pk, "client_uuid": str(uuid.uuid4()),
         "kind": "home_visit", "duration_minutes": 30, "started_at": "0001-06-01T12:00:00Z"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.json()["started_at"] == ["A visit before 2000 cannot be right. Check the date."]


@pytest.mark.parametrize(
    "due", ["9999-12-31", (timezone.localdate() + timedelta(days=3 * 365 + 1))]
)
def test_a_follow_up_due_years_ahead_is_refused(world, due):
    before = FollowUp.objects.count()
    client = client_for(world.peer)
    response = client.post(
        "/api/v1/follow-ups/",
        {"household": world.household.pk, "description": "Bellen", "due_date": str(due)},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["due_date"] == [
        "A follow-up is due within 3 years of the day it was made. Check the date."
    ]
    assert FollowUp.objects.count() == before
    existing = FollowUp.objects.filter(household=world.household).first()
    moved = client.patch(
        f"/api/v1/follow-ups/{existing.pk}/", {"due_date": "9999-12-31"}, format="json"
    )
    assert moved.status_code == 400


def test_a_follow_up_due_next_year_is_fine(world):
    response = client_for(world.peer).post(
        "/api/v1/follow-ups/",
        {"household": world.household.pk, "description": "Bellen",
         "due_date": str(timezone.localdate() + timedelta(days=365))},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
