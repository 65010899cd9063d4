"""Appreciation on the API behaves as on the pages: a coordinator thanks a member of their
team with the service the thank-you page calls (same refusals, same messages), the peer reads
it and puts it away, milestones show for the peer and their coordinator, and the yearly
overview gives the page's counts."""

from django.utils import timezone

from outreach.models import Appreciation
from outreach.selectors.appreciation import year_overview
from outreach.services.appreciation import appreciation_send
from tests.factories import HouseholdFactory, UserFactory, VisitFactory
from tests.helpers import client_for


def test_a_coordinator_thanks_a_peer_who_reads_it_and_puts_it_away(world):
    # Given the coordinator of team Noord
    coordinator = client_for(world.coordinator)
    # When they thank the team's peer
    response = coordinator.post(
        "/api/v1/appreciations/",
        {"peer": world.peer.pk, "message": "  Dank je voor je geduld!  "},
        format="json",
    )
    # Then the thank-you is stored for the peer, in the team's name
    assert response.status_code == 201, response.content
    assert response.json()["message"] == "Dank je voor je geduld!"
    assert response.json()["team"] == world.household.team_id
    # And the peer reads it, from the coordinator, not yet put away
    peer = client_for(world.peer)
    [thanks] = peer.get("/api/v1/appreciations/").json()["results"]
    assert thanks["sent_by_name"] == str(world.coordinator)
    assert thanks["dismissed_at"] is None
    # When the peer puts it away
    response = peer.post(f"/api/v1/appreciations/{thanks['id']}/dismiss/", format="json")
    # Then it stays on record, put away
    assert response.status_code == 200
    assert response.json()["dismissed_at"] is not None
    assert Appreciation.objects.get(pk=thanks["id"]).dismissed_at is not None


def test_a_blank_thank_you_is_refused_with_the_pages_message_and_nothing_stored(world):
    # Given the coordinator of team Noord
    coordinator = client_for(world.coordinator)
    # When they send a thank-you of spaces only
    response = coordinator.post(
        "/api/v1/appreciations/",
        {"peer": world.peer.pk, "message": "   "},
        format="json",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    # Then the service's message answers, in Dutch, and nothing is stored
    assert response.status_code == 400
    assert response.json() == {"message": ["Schrijf een kort bericht."]}
    assert not Appreciation.objects.exists()


def test_a_coordinator_cannot_thank_a_fellow_coordinator(world):
    # Given a second coordinator of team Noord
    colleague = UserFactory(role="coordinator", team=world.household.team)
    # When the coordinator thanks them
    response = client_for(world.coordinator).post(
        "/api/v1/appreciations/",
        {"peer": colleague.pk, "message": "Dank je!"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    # Then it is refused with the page's rule (peers are thanked), and nothing is stored
    assert response.status_code == 403
    assert "alleen een teamlid bedanken" in response.json()["detail"]
    assert not Appreciation.objects.exists()


def test_milestones_show_for_the_peer_and_their_coordinator_only(world):
    # Given the peer's first visit, today
    VisitFactory(household=world.household, peers=[world.peer], started_at=timezone.now())
    mine = {"peer": world.peer.pk, "kind": "first_visit", "on": str(timezone.localdate())}

    def milestones(user):
        rows = client_for(user).get("/api/v1/appreciations/milestones/").json()["results"]
        return [{key: row[key] for key in ("peer", "kind", "on")} for row in rows]

    # Then the peer and the coordinator of team Noord see it; the other team's does not
    assert mine in milestones(world.peer)
    assert mine in milestones(world.coordinator)
    assert mine not in milestones(world.other_coordinator)
    # And a colleague sees only their own
    assert all(row["peer"] == world.other_peer.pk for row in milestones(world.other_peer))


def test_the_yearly_overview_gives_the_pages_counts(world):
    # Given two visits of the peer this year, to two households
    now = timezone.now()
    year = timezone.localdate().year
    VisitFactory(household=world.household, peers=[world.peer], started_at=now)
    second = HouseholdFactory(team=world.household.team)
    VisitFactory(household=second, peers=[world.peer], started_at=now, duration_minutes=75)
    expected = year_overview(peer=world.peer, year=year)
    # When the peer, and the team's coordinator, ask for the peer's year
    own = client_for(world.peer).get(f"/api/v1/year-overviews/{year}/")
    member = client_for(world.coordinator).get(
        f"/api/v1/year-overviews/{year}/", {"peer": world.peer.pk}
    )
    # Then both read what the page shows
    assert own.status_code == member.status_code == 200
    assert own.json() == member.json()
    assert own.json()["peer"] == world.peer.pk
    assert own.json()["visits"] == expected.visits == 2
    assert own.json()["households_visited"] == expected.households_visited == 2
    assert own.json()["hours"] == expected.hours == 2
    assert [team["name"] for team in own.json()["teams"]] == ["Noord"]


def test_a_year_without_an_overview_is_not_found(world):
    # Given a peer
    peer = client_for(world.peer)
    # When they ask for a year before Outreach, or one still to come
    # Then there is none, as on the page
    assert peer.get("/api/v1/year-overviews/1999/").status_code == 404
    next_year = timezone.localdate().year + 1
    assert peer.get(f"/api/v1/year-overviews/{next_year}/").status_code == 404


def test_thank_you_list_costs_the_same_for_1_and_20_rows(world, django_assert_max_num_queries):
    # Given thank-yous for peers of team Noord, each from its coordinator
    team = world.household.team

    def add(count):
        for _ in range(count):
            appreciation_send(
                peer=UserFactory(team=team), team=team, sent_by=world.coordinator, message="Dank!"
            )

    coordinator = client_for(world.coordinator)
    add(1)
    coordinator.get("/api/v1/appreciations/")  # the token's first use is not the list's cost
    with django_assert_max_num_queries(99) as one_row:
        assert coordinator.get("/api/v1/appreciations/").json()["count"] == 1
    add(19)
    # When the coordinator lists them
    # Then the 20 rows cost no more queries than one
    with django_assert_max_num_queries(len(one_row)):
        assert coordinator.get("/api/v1/appreciations/").json()["count"] == 20


def test_milestone_list_costs_the_same_for_1_and_20_peers(world, django_assert_max_num_queries):
    # Given peers of team Noord who each made a first visit
    team = world.household.team
    coordinator = client_for(world.coordinator)

    def add(count):
        for _ in range(count):
            peer = UserFactory(team=team)
            VisitFactory(household=world.household, peers=[peer])

    add(1)
    coordinator.get("/api/v1/appreciations/milestones/")
    with django_assert_max_num_queries(99) as one_row:
        first = coordinator.get("/api/v1/appreciations/milestones/").json()["count"]
    add(19)
    # When the coordinator lists the team's milestones
    # Then 19 more peers' milestones cost no more queries
    with django_assert_max_num_queries(len(one_row)):
        assert coordinator.get("/api/v1/appreciations/milestones/").json()["count"] >= first + 19
