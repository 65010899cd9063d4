"""The reach figures, for every role: each gets the status designed for it. The cases
(route, payload, status per role) are in tests/api/access_cases/reach.py."""

from tests.access import call_as, matrix_cases
from tests.api.access_cases.reach import CASES


@matrix_cases(CASES)
def test_reach_answers_each_role_as_designed(world, role, name, method, url, payload, expected):
    # Given a user of this role and the figures computed
    # When they ask for the figures
    response = call_as(world, role, method, url, payload)
    # Then they get exactly the status designed for their role
    assert response.status_code == expected[role], response.content[:300]
