from outreach.models import Assignment
from outreach.querysets import households_visible_to
from outreach.services.assignments import case_assign
from tests.helpers import client_for


def test_reassigning_a_case_ends_the_old_peers_access(world):
    # Given a household led by `peer`
    assert households_visible_to(world.peer).filter(pk=world.household.pk).exists()
    # When the coordinator moves it to another peer of the team
    response = client_for(world.coordinator).post(
        f"/api/v1/households/{world.household.pk}/assign/",
        {"lead": world.other_peer.pk, "buddy": None, "reason": "Woont dichterbij"},
        format="json",
    )
    assert response.status_code == 201
    # Then the old peer and buddy lose access (404) and the new peer has it
    old = client_for(world.peer).get(f"/api/v1/households/{world.household.pk}/")
    old_buddy = client_for(world.buddy).get(f"/api/v1/households/{world.household.pk}/")
    new = client_for(world.other_peer).get(f"/api/v1/households/{world.household.pk}/")
    assert (old.status_code, old_buddy.status_code, new.status_code) == (404, 404, 200)
    assert (
        client_for(world.peer)
        .get(f"/api/v1/visits/?household={world.household.pk}")
        .json()["count"]
        == 0
    )


def test_every_assignment_is_kept_with_who_made_it_and_why(world):
    case_assign(
        household=world.household,
        lead=world.other_peer,
        buddy=world.peer,
        reason="Overdracht",
        assigned_by=world.coordinator,
    )
    history = list(Assignment.objects.filter(household=world.household).order_by("started_at"))
    assert [a.lead for a in history] == [world.peer, world.other_peer]
    assert history[0].ended_at is not None and history[0].ended_by == world.coordinator
    assert history[1].ended_at is None
    assert (history[1].assigned_by, history[1].reason) == (world.coordinator, "Overdracht")


def test_a_peer_whose_team_membership_ended_loses_access(world):
    from django.utils import timezone

    membership = world.peer.memberships.get()
    membership.ended_on = timezone.localdate() - timezone.timedelta(days=1)
    membership.save()
    assert not households_visible_to(world.peer).exists()


def test_buddy_sees_the_case_too(world):
    response = client_for(world.buddy).get(f"/api/v1/households/{world.household.pk}/")
    assert response.status_code == 200
    assert response.json()["lead"]["username"] == world.peer.username
    assert response.json()["buddy"]["username"] == world.buddy.username
