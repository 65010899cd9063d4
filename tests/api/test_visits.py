import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from outreach.models import Visit
from tests.conftest import client_for


def visit_payload(world, client_uuid, **extra):
    return {
        "household": world.household.pk,
        "client_uuid": str(client_uuid),
        "kind": "home_visit",
        "duration_minutes": 40,
        "notes": "Koffie gedronken, over de kinderen gepraat.",
        **extra,
    }


def test_peer_logging_the_same_visit_twice_gets_one_visit(world):
    # Given a peer on a bad connection who sends the same visit twice
    client = client_for(world.peer)
    client_uuid = uuid.uuid4()
    # When both requests arrive
    first = client.post("/api/v1/visits/", visit_payload(world, client_uuid), format="json")
    second = client.post("/api/v1/visits/", visit_payload(world, client_uuid), format="json")
    # Then the first creates the visit and the second returns that same visit
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert Visit.objects.filter(client_uuid=client_uuid).count() == 1


def test_visit_defaults_to_now_and_the_peer_who_logs_it(world):
    response = client_for(world.peer).post(
        "/api/v1/visits/", visit_payload(world, uuid.uuid4()), format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["peers"] == [world.peer.pk]
    assert body["recorded_by"] == world.peer.pk
    started = timezone.datetime.fromisoformat(body["started_at"])
    assert abs(timezone.now() - started) < timedelta(minutes=1)


def test_a_client_uuid_used_for_another_household_is_refused(world):
    taken = uuid.uuid4()
    client_for(world.admin).post(
        "/api/v1/visits/",
        {**visit_payload(world, taken), "household": world.other_household.pk,
         "peers": [world.other_household.assignments.first().lead_id]},
        format="json",
    )  # fmt: skip
    response = client_for(world.peer).post(
        "/api/v1/visits/", visit_payload(world, taken), format="json"
    )
    assert response.status_code == 400
    assert "client_uuid" in response.json()


@pytest.mark.django_db(transaction=True)
def test_racing_requests_with_the_same_uuid_make_one_visit(world):
    # Given two requests with the same UUID arriving at the same moment
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    client_uuid = uuid.uuid4()
    barrier = threading.Barrier(2)
    statuses = []

    def send():
        from django.db import connections

        barrier.wait()
        response = client_for(world.peer).post(
            "/api/v1/visits/", visit_payload(world, client_uuid), format="json"
        )
        statuses.append(response.status_code)
        connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then exactly one visit exists, and both answers point to it
    assert sorted(statuses) == [200, 201]
    assert Visit.objects.filter(client_uuid=client_uuid).count() == 1


def test_a_logged_visit_has_one_history_entry_naming_who_was_there_who_logged_it_and_why(world):
    # Given a peer logging a visit with their buddy, saying why
    response = client_for(world.peer).post(
        "/api/v1/visits/",
        visit_payload(world, uuid.uuid4(), peers=[world.peer.pk, world.buddy.pk]),
        format="json",
        HTTP_X_CHANGE_REASON="Bezoek samen met buddy",
    )
    assert response.status_code == 201
    # Then its history holds one entry: the creation, with both peers, the logger and reason
    (entry,) = Visit.history.filter(id=response.json()["id"])
    assert entry.history_type == "+"
    assert (entry.history_user, entry.history_change_reason) == (
        world.peer,
        "Bezoek samen met buddy",
    )
    assert sorted(entry.peers.values_list("user_id", flat=True)) == sorted(
        [world.peer.pk, world.buddy.pk]
    )


def test_a_visit_sent_again_after_its_buddy_left_the_team_returns_the_visit_logged(world):
    # Given a visit logged with the buddy, and the buddy leaving the team before the phone,
    # which never got the answer, sends it again
    client = client_for(world.peer)
    payload = visit_payload(world, uuid.uuid4(), peers=[world.peer.pk, world.buddy.pk])
    first = client.post("/api/v1/visits/", payload, format="json")
    world.buddy.memberships.update(ended_on=timezone.localdate() - timedelta(days=1))
    # When it arrives again
    again = client.post("/api/v1/visits/", payload, format="json")
    # Then the answer is the visit already logged, not an error about the buddy
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    # While a new visit with the buddy is refused
    refused = client.post(
        "/api/v1/visits/",
        visit_payload(world, uuid.uuid4(), peers=[world.peer.pk, world.buddy.pk]),
        format="json",
    )
    assert refused.status_code == 400
    assert "peers" in refused.json()


def test_a_peer_named_twice_in_a_visit_was_there_once(world):
    response = client_for(world.peer).post(
        "/api/v1/visits/",
        visit_payload(world, uuid.uuid4(), peers=[world.peer.pk, world.buddy.pk, world.peer.pk]),
        format="json",
    )
    assert response.status_code == 201
    assert sorted(response.json()["peers"]) == sorted([world.peer.pk, world.buddy.pk])


@pytest.mark.parametrize(
    "peers", [[999999], ["abc"], [True], "1", [2**70], [[1]]], ids=str
)  # fmt: skip
def test_peers_that_are_not_ids_of_people_are_refused_with_a_reason(world, peers):
    client_uuid = uuid.uuid4()
    response = client_for(world.peer).post(
        "/api/v1/visits/",
        visit_payload(world, client_uuid, peers=peers),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["peers"], response.json()
    assert not Visit.objects.filter(client_uuid=client_uuid).exists()
