"""Helpers the tests share: the `world` fixture's cast of users and households, API clients
that authenticate as a user, and a race of threads. Fixtures stay in conftest.py."""

import threading
from dataclasses import dataclass

from django.db import connections
from rest_framework.test import APIClient

from outreach.models import Household, User
from outreach.selectors.api_tokens import api_token_find
from outreach.services.api_tokens import api_token_issue


@dataclass
class World:
    """Two teams of one municipality (and a team elsewhere), with a household each."""

    peer: User  # lead peer of `household`
    buddy: User  # buddy on `household`
    other_peer: User  # same team, not assigned to `household`
    coordinator: User
    other_coordinator: User  # coordinator of the other team
    municipality_user: User
    municipal_admin: User  # manages the municipality: its teams, accounts, catalogue, texts
    admin: User
    household: Household
    other_household: Household  # of the other team

    def user(self, role_name: str) -> User | None:
        return None if role_name == "anonymous" else getattr(self, role_name)


# The key given to each user, so that two clients for one user share it (a new login would
# end the first client's token). Checked against the database: a test's rollback ends it.
_KEYS: dict[int, str] = {}


def api_key_for(user: User) -> str:
    key = _KEYS.get(user.pk)
    if key is None or api_token_find(key=key) is None:
        key = _KEYS[user.pk] = api_token_issue(user=user)
    return key


def client_for(user: User | None) -> APIClient:
    """An API client that authenticates the way phones do: with a token."""
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def at_the_same_moment(action, times: int = 2) -> list:
    """Run `action` in `times` threads released together (a race; on PostgreSQL, as SQLite
    serialises writers) and return what each returned. A thread that raised fails the test."""
    barrier = threading.Barrier(times)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results
