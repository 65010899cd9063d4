"""Every URL the project serves, asked for by every role with the ids of another team's case:
no server error, and never a word of that case. New routes are covered without being listed."""

import pytest

from tests.helpers import client_for
from tests.routes import concrete, every_route

SKIPPED = ("logout", "i18n/setlang")


def routes_with(ids: list[str]) -> list[str]:
    urls = [url for route in every_route() for url in concrete(route, ids)]
    return [url for url in urls if not any(part in url for part in SKIPPED)]


def body_of(response) -> str:
    body = b"".join(response) if response.streaming else response.content
    return body.decode("utf-8", errors="ignore")


@pytest.mark.parametrize(
    "role",
    ["anonymous", "peer", "other_peer", "coordinator", "municipality_user", "municipal_admin"],
)
def test_no_route_shows_another_teams_case_or_fails(world, role):
    # Given a user of team Noord (or nobody) and the ids of a case of team Zuid
    user = None if role == "anonymous" else getattr(world, role)
    client = client_for(user)
    client.raise_request_exception = False  # a server error is a finding, with its URL
    if user is not None:
        client.force_login(user)  # the pages as well as the API
    case = world.other_household
    ids = [
        str(case.pk),
        str(case.visits.first().client_uuid),
        str(case.visits.first().pk),
        str(case.wishes.first().pk),
        str(case.provision_checks.first().pk),
        str(case.follow_ups.first().pk),
    ]
    secrets = [case.contact_name, case.reference]
    routes = routes_with(ids)
    assert len(routes) > 60
    # When every route is asked for with those ids
    failures, leaks = [], []
    for url in routes:
        response = client.get(url)
        if response.status_code >= 500:
            failures.append((url, response.status_code))
        elif any(secret in body_of(response) for secret in secrets):
            leaks.append(url)
    # Then nothing breaks and nothing of the other team's case shows
    assert not failures, "\n".join(f"{url} {status}" for url, status in failures)
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("role", ["peer", "coordinator", "municipal_admin", "admin"])
def test_every_route_works_for_a_case_in_scope(world, role):
    # Given a user who may see the Noord case, and that case's ids
    user = getattr(world, role)
    client = client_for(user)
    client.raise_request_exception = False
    client.force_login(user)
    case = world.household
    ids = [str(case.pk), str(case.visits.first().client_uuid), str(case.wishes.first().pk)]
    # When every route is asked for, Then none answers with a server error
    failures = []
    for url in routes_with(ids):
        response = client.get(url)
        if response.status_code >= 500:
            failures.append((url, response.status_code))
    assert not failures, "\n".join(f"{url} {status}" for url, status in failures)
