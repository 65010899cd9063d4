"""The activities and text-message routes and pages, for every role: each gets the status
designed for it. The cases (route, payload, status per role) are in
tests/api/access_cases/sms.py."""

import pytest

from tests.access import ROLES, call_as, matrix_cases
from tests.api.access_cases.sms import CASES, past_session, sms


@matrix_cases(CASES)
def test_every_sms_route_answers_each_role_as_designed(
    world, role, name, method, url, payload, expected
):
    response = call_as(world, role, method, url, payload, format="json")
    assert response.status_code == expected[role], response.content[:300]


PAGES = [
    ("activities", lambda w: "/notifications/activities/", dict(peer=200, other_coordinator=200)),
    ("activity", lambda w: f"/notifications/activities/{sms(w).activity.pk}/",
     dict(peer=200, other_coordinator=404)),
    ("attendance", lambda w: f"/notifications/sessions/{past_session(w).pk}/attendance/",
     dict(peer=200, other_coordinator=404)),
    ("composer", lambda w: f"/notifications/activities/{sms(w).activity.pk}/compose/",
     dict(peer=403, other_coordinator=404)),
    ("outbox", lambda w: "/notifications/outbox/", dict(peer=403, other_coordinator=200)),
    ("texts", lambda w: "/notifications/templates/", dict(peer=403, other_coordinator=200)),
    ("text of own team", lambda w: f"/notifications/templates/{w.household.team_id}/reminder/nl/",
     dict(peer=403, other_coordinator=404)),
    ("text of unknown kind", lambda w: f"/notifications/templates/{w.household.team_id}/bsn/nl/",
     dict(peer=403, coordinator=404, other_coordinator=404, admin=404)),
    ("preferences", lambda w: "/notifications/preferences/", dict(peer=200, other_coordinator=200)),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url", "special"), PAGES, ids=[p[0] for p in PAGES])
def test_every_sms_page_answers_each_role_as_designed(client, world, role, name, url,
                                                       special):  # fmt: skip
    expected = {"anonymous": 302, "municipality_user": 403, "municipal_admin": 403,
                "other_peer": special["peer"],
                "coordinator": 200, "admin": 200, **special}  # fmt: skip
    user = world.user(role)
    if user:
        client.force_login(user)
    response = client.get(url(world))
    assert response.status_code == expected[role]
