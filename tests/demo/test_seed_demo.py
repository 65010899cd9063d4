"""The demo as the README promises it, walked through the API."""

import uuid

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from outreach.models import Household, PeerCandidate, Role, TeamMembership, User, Visit
from outreach.querysets import households_visible_to
from outreach.services.phone_lock import phone_pin_matches
from tests.helpers import client_for


def test_seed_refuses_to_run_in_production_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")
    assert not Household.objects.exists()


def test_demo_walkthrough(db, settings):
    # Given the demo data, loaded twice (as re-running the quick start does)
    settings.DEBUG = True
    call_command("seed_demo")
    households = Household.objects.count()
    call_command("seed_demo")
    assert households == Household.objects.count() >= 150
    assert {u.username: u.role for u in User.objects.all()} == {
        "peer-noord-1": Role.PEER, "peer-noord-2": Role.PEER, "peer-zuid-1": Role.PEER,
        "peer-zuid-2": Role.PEER, "coord-noord": Role.COORDINATOR,
        "coord-zuid": Role.COORDINATOR, "gemeente": Role.MUNICIPALITY, "admin": Role.ADMIN,
        "beheer-roosendaal": Role.MUNICIPAL_ADMIN,
        # a candidate who became a member, and a member who left for paid work last year
        "peer-noord-3": Role.PEER, "peer-noord-oud": Role.PEER,
    }  # fmt: skip
    assert User.objects.get(username="peer-noord-1").check_password("outreach-demo")
    # And one peer has a PIN for the app lock, to try the lock screen
    assert phone_pin_matches(user=User.objects.get(username="peer-zuid-2"), pin="40719")
    assert Household.objects.values("neighbourhood_code").distinct().count() >= 5

    peer = User.objects.get(username="peer-noord-1")
    peer_client = client_for(peer)
    mine = households_visible_to(peer).filter(status="active").first()

    # A peer logs a visit twice with the same UUID and gets one visit
    payload = {"household": mine.pk, "client_uuid": str(uuid.uuid4()), "kind": "home_visit",
               "duration_minutes": 30, "notes": "Routinebezoek"}  # fmt: skip
    first = peer_client.post("/api/v1/visits/", payload, format="json")
    again = peer_client.post("/api/v1/visits/", payload, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert Visit.objects.filter(client_uuid=payload["client_uuid"]).count() == 1

    # ... and cannot see a household of the other team
    zuid_household = Household.objects.filter(team__name="Zuid").first()
    assert peer_client.get(f"/api/v1/households/{zuid_household.pk}/").status_code == 404

    # The coordinator reassigns the household and the old peer loses access
    other_peer = User.objects.get(username="peer-noord-2")
    coordinator = client_for(User.objects.get(username="coord-noord"))
    moved = coordinator.post(
        f"/api/v1/households/{mine.pk}/assign/",
        {"lead": other_peer.pk, "reason": "Verdeling werk"},
        format="json",
    )
    assert moved.status_code == 201
    assert peer_client.get(f"/api/v1/households/{mine.pk}/").status_code == 404

    # The municipality gets 403 on households
    municipality = client_for(User.objects.get(username="gemeente"))
    assert municipality.get("/api/v1/households/").status_code == 403
    assert municipality.get(f"/api/v1/households/{mine.pk}/").status_code == 403
    # The municipality reads the forwarded signals in its inbox, answered in each status
    # (one still waiting), and sees the district where enough households share the theme
    inbox = municipality.get("/api/v1/signal-inbox/").json()["results"]
    answered = {row["answers"][0]["status"] for row in inbox if row["answers"]}
    assert answered == {"looking_into", "action_taken", "no_action"}
    assert any(not row["answers"] for row in inbox)
    assert any(row["district"] for row in inbox) and any(not row["district"] for row in inbox)
    # ... and the team sees the answer on its signal
    signals = coordinator.get("/api/v1/signals/?status=forwarded").json()["results"]
    assert any(signal["answers"] for signal in signals)


def test_the_demo_shows_the_way_from_household_to_peer_and_leaving_for_work(db, settings):
    # Given the demo data
    settings.DEBUG = True
    call_command("seed_demo")
    # Then there are candidates at different steps, one who became an instructed member
    statuses = set(PeerCandidate.objects.values_list("status", flat=True))
    assert {"introduction_talk", "training", "member"} <= statuses
    member = PeerCandidate.objects.get(status="member").user
    assert households_visible_to(member).count() == 0  # no cases assigned yet, but instructed
    assert TeamMembership.objects.get(user=member).privacy_instruction_on is not None
    # And a member who left for paid work last year
    left = TeamMembership.objects.get(user__username="peer-noord-oud")
    assert left.left_for == "paid_work" and left.ended_on.year == timezone.localdate().year - 1
