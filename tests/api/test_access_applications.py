"""The application routes, for every role: each gets the status designed for it. The cases
(route, payload, status per role) are in tests/api/access_cases/applications.py."""

from tests.access import call_as, matrix_cases
from tests.api.access_cases.applications import CASES, started, submitted


@matrix_cases(CASES)
def test_every_application_route_answers_each_role_as_designed(
    world, role, name, method, url, payload, expected
):
    # Given a user of this role and an application route
    started(world), submitted(world)
    # When they call it
    response = call_as(world, role, method, url, payload, format="json")
    # Then they get exactly the status designed for their role
    assert response.status_code == expected[role], response.content[:300]
