"""Team care's routes, for every role: each gets the status designed for it. The cases
(route, payload, status per role) are in tests/api/access_cases/team_care.py."""

import pytest

from tests.access import call_as, matrix_cases
from tests.api.access_cases.team_care import CASES, meeting
from tests.helpers import client_for


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@matrix_cases(CASES)
def test_every_team_care_route_answers_each_role_as_designed(
    world, role, name, method, url, payload, expected
):
    # Given a user of this role and a route of team care
    # When they call it
    response = call_as(world, role, method, url, payload, format="json")
    # Then they get exactly the status designed for their role
    assert response.status_code == expected[role], response.content[:300]


def test_a_peer_correcting_a_meeting_is_refused_before_their_input_is_read(world):
    # Given a meeting of the peer's team, which the peer may read
    url = f"/api/v1/team-meetings/{meeting(world).pk}/"
    # When the peer sends a correction that is not even complete
    response = client_for(world.peer).put(url, {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    # Then they are refused as one who may not record it, not told what is missing
    assert response.status_code == 403
    assert response.json()["detail"] == "Only the team's coordinator can record this."
