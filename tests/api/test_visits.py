import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from outreach.models import ConsentScope, Role, TeamMembership, Visit
from outreach.services.consent import consent_withdraw
from tests.factories import UserFactory
from tests.helpers import at_the_same_moment, client_for


def visit_payload(world, client_uuid, **extra):
    return {
        "household": world.household.pk,
        "client_uuid": str(client_uuid),
        "kind": "home_visit",
        "duration_minutes": 40,
        "notes": "Koffie gedronken, over de kinderen gepraat.",
        **extra,
    }


def log_visit(world, client_uuid=None, *, client=None, headers=None, **fields):
    """Send a visit as the peer's phone does (answers in English, to compare messages)."""
    return (client or client_for(world.peer)).post(
        "/api/v1/visits/",
        visit_payload(world, client_uuid or uuid.uuid4(), **fields),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
        **(headers or {}),
    )


def test_peer_logging_the_same_visit_twice_gets_one_visit(world):
    # Given a peer on a bad connection who sends the same visit twice
    client = client_for(world.peer)
    client_uuid = uuid.uuid4()
    # When both requests arrive
    first = log_visit(world, client_uuid, client=client)
    second = log_visit(world, client_uuid, client=client)
    # Then the first creates the visit and the second returns that same visit
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert Visit.objects.filter(client_uuid=client_uuid).count() == 1


def test_visit_defaults_to_now_and_the_peer_who_logs_it(world):
    response = log_visit(world)
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
    response = log_visit(world, taken)
    assert response.status_code == 400
    assert "client_uuid" in response.json()


@pytest.mark.django_db(transaction=True)
def test_racing_requests_with_the_same_uuid_make_one_visit(world):
    # Given two requests with the same UUID arriving at the same moment
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    client_uuid = uuid.uuid4()
    # (Logged in once before: two logins at the same moment would end each other's token.)
    client_for(world.peer)
    statuses = at_the_same_moment(lambda: log_visit(world, client_uuid).status_code)
    # Then exactly one visit exists, and both answers point to it
    assert sorted(statuses) == [200, 201]
    assert Visit.objects.filter(client_uuid=client_uuid).count() == 1


def test_a_logged_visit_has_one_history_entry_naming_who_was_there_who_logged_it_and_why(world):
    # Given a peer logging a visit with their buddy, saying why
    response = log_visit(
        world,
        peers=[world.peer.pk, world.buddy.pk],
        headers={"HTTP_X_CHANGE_REASON": "Bezoek samen met buddy"},
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
    # the very links of the visit, as simple-history copies them
    links = Visit.peers.through.objects.filter(visit_id=response.json()["id"])
    assert sorted(entry.peers.values_list("id", "user_id")) == sorted(
        links.values_list("id", "user_id")
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
    refused = log_visit(world, peers=[world.peer.pk, world.buddy.pk])
    assert refused.status_code == 400
    assert "peers" in refused.json()


def test_a_peer_named_twice_in_a_visit_was_there_once(world):
    response = log_visit(world, peers=[world.peer.pk, world.buddy.pk, world.peer.pk])
    assert response.status_code == 201
    assert sorted(response.json()["peers"]) == sorted([world.peer.pk, world.buddy.pk])


@pytest.mark.parametrize("outsider", ["zuid_peer", "member_who_is_no_peer"])
def test_a_visit_naming_someone_outside_the_team_is_refused_and_leaves_nothing(world, outsider):
    # Given a peer naming, beside their buddy, someone of another team or a member of the
    # team who is not a peer or coordinator (the visit is written before the team is checked)
    household_team = world.household.team
    someone = {
        "zuid_peer": lambda: world.other_household.assignments.first().lead,
        "member_who_is_no_peer": lambda: UserFactory(
            username="ambtenaar", role=Role.MUNICIPALITY, team=household_team
        ),
    }[outsider]()
    client_uuid = uuid.uuid4()
    visits_before = Visit.objects.count()
    history_before = Visit.history.count()
    response = log_visit(world, client_uuid, peers=[world.buddy.pk, someone.pk])
    # Then it is refused, saying who (by name only to a colleague: usernames of other teams
    # are not told), and nothing of it is kept: no visit, peers or history
    assert response.status_code == 400
    assert response.json()["peers"] == [
        {
            "zuid_peer": f"There is nobody with number {someone.pk} in this household's team.",
            "member_who_is_no_peer": "ambtenaar is not in this household's team.",
        }[outsider]
    ]
    assert not Visit.objects.filter(client_uuid=client_uuid).exists()
    assert (Visit.objects.count(), Visit.history.count()) == (visits_before, history_before)
    assert not Visit.peers.through.objects.filter(visit__client_uuid=client_uuid).exists()
    # And the same visit without them is logged
    again = log_visit(world, client_uuid, peers=[world.buddy.pk])
    assert again.status_code == 201


def test_the_answer_lists_the_peers_as_reading_the_visit_back_does(world):
    client = client_for(world.peer)
    logged = log_visit(world, peers=[world.buddy.pk, world.peer.pk], client=client)
    read = client.get(f"/api/v1/visits/{logged.json()['id']}/")
    assert logged.status_code == 201
    assert logged.json()["peers"] == read.json()["peers"] == [world.peer.pk, world.buddy.pk]


def test_someone_who_no_longer_has_an_account_cannot_be_named(world):
    world.buddy.is_active = False
    world.buddy.save()
    response = log_visit(world, peers=[world.peer.pk, world.buddy.pk])
    assert response.status_code == 400
    assert response.json()["peers"] == [
        "peer-noord-2 no longer has an account, so cannot be named."
    ]


def test_a_visit_names_at_most_twenty_people(world):
    client_uuid = uuid.uuid4()
    response = log_visit(world, client_uuid, peers=list(range(1, 22)))
    assert response.status_code == 400
    assert response.json()["peers"] == ["Ensure this field has no more than 20 elements."]
    assert not Visit.objects.filter(client_uuid=client_uuid).exists()


def test_changing_who_was_there_is_checked_answered_and_in_the_history(world):
    # Given a visit logged by the peer alone
    client = client_for(world.peer)
    logged = log_visit(world, client=client)
    url = f"/api/v1/visits/{logged.json()['id']}/"
    # When the peer adds someone of another team, it is refused and nothing changes
    zuid_peer = world.other_household.assignments.first().lead
    refused = client.patch(url, {"peers": [world.peer.pk, zuid_peer.pk]}, format="json")
    assert refused.status_code == 400
    assert client.get(url).json()["peers"] == [world.peer.pk]
    # When the peer adds the buddy (named twice), the answer and the history say so
    changed = client.patch(
        url, {"peers": [world.buddy.pk, world.peer.pk, world.buddy.pk]}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json()["peers"] == [world.peer.pk, world.buddy.pk]
    latest = Visit.history.filter(id=logged.json()["id"]).latest("history_id")
    assert sorted(latest.peers.values_list("user_id", flat=True)) == [world.peer.pk, world.buddy.pk]


def test_a_peer_counted_twice_in_the_team_is_linked_to_the_visit_once(world):
    # Given a peer whose membership of the team was entered twice, overlapping
    TeamMembership.objects.create(
        user=world.peer, team=world.household.team, privacy_instruction_on=timezone.localdate()
    )
    # When they log a visit
    response = log_visit(world)
    # Then they were there once, in the visit and in its history
    assert response.status_code == 201
    assert response.json()["peers"] == [world.peer.pk]
    (entry,) = Visit.history.filter(id=response.json()["id"])
    assert list(entry.peers.values_list("user_id", flat=True)) == [world.peer.pk]


@pytest.mark.parametrize(
    "peers", [[999999], ["abc"], [True], "1", [2**70], [[1]]], ids=str
)  # fmt: skip
def test_peers_that_are_not_ids_of_people_are_refused_with_a_reason(world, peers):
    client_uuid = uuid.uuid4()
    response = log_visit(world, client_uuid, peers=peers)
    assert response.status_code == 400
    assert response.json()["peers"], response.json()
    assert not Visit.objects.filter(client_uuid=client_uuid).exists()


@pytest.mark.parametrize("ever_given", [True, False], ids=["withdrawn", "never recorded"])
def test_no_visit_or_follow_up_for_a_household_that_wants_no_contact(world, ever_given):
    # Given a household whose home-visit consent was withdrawn, or never recorded
    consent = world.household.consents.get(scope=ConsentScope.HOME_VISITS)
    if ever_given:
        with TestCase.captureOnCommitCallbacks(execute=True):
            consent_withdraw(consent=consent, withdrawn_by=world.coordinator)
    else:
        consent.delete()
    visits_before = Visit.objects.filter(household=world.household).count()
    # When the peer's phone sends a visit and a follow-up for it
    visit = log_visit(world)
    follow_up = client_for(world.peer).post(
        "/api/v1/follow-ups/",
        {"household": world.household.pk, "description": "Bellen", "due_date": "2026-12-20"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    # Then both are refused with the reason, and nothing is logged
    expected = "wants no contact" if ever_given else "No consent for home visits has been recorded"
    for response in (visit, follow_up):
        assert response.status_code == 400, response.content
        assert expected in response.json()["household"][0]
    assert Visit.objects.filter(household=world.household).count() == visits_before
