"""Appreciation's routes, for every role: each gets the status designed for it. The cases
(route, payload, status per role) are in tests/api/access_cases/appreciation.py."""

import pytest

from tests.access import call_as, matrix_cases
from tests.api.access_cases.appreciation import CASES


@matrix_cases(CASES)
def test_every_appreciation_route_answers_each_role_as_designed(
    world, role, name, method, url, payload, expected
):
    # Given a user of this role and a route of appreciation
    # When they call it
    response = call_as(world, role, method, url, payload, format="json")
    # Then they get exactly the status designed for their role
    assert response.status_code == expected[role], response.content[:300]


@pytest.mark.parametrize(
    ("name", "method", "url", "payload"), [case[:4] for case in CASES], ids=[c[0] for c in CASES]
)
def test_the_municipal_administrator_reaches_no_appreciation(world, name, method, url, payload):
    # Given the municipality's administrator (accounts and catalogue, no case work)
    # When they call a route of appreciation
    response = call_as(world, "municipal_admin", method, url, payload, format="json")
    # Then they are refused, as on the pages
    assert response.status_code == 403, response.content[:300]
