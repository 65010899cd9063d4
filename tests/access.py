"""The access matrix's scaffolding, shared by the API's access tests (tests/api/test_access_*):
the roles of the `world` fixture, the status each role is designed to get, and the call.

Each resource has its table of cases in tests/api/access_cases/, `(name, method, url,
payload, expected)`, where url and payload are functions of the world; its access test module
turns the table into the test's parameters with `matrix_cases`, and `every_case` gathers the
tables for the check that no route is left out."""

import importlib
import pkgutil

import pytest

from tests.api import access_cases
from tests.helpers import client_for

ROLES = ["anonymous", "peer", "other_peer", "coordinator", "other_coordinator",
         "municipality_user", "municipal_admin", "admin"]  # fmt: skip


def statuses(**defaults):
    """An `expect(**changes)` that answers the status of every role: these defaults, changed
    where a case says otherwise."""
    assert set(defaults) == set(ROLES), set(ROLES) ^ set(defaults)

    def expect(**changes) -> dict[str, int]:
        assert set(changes) <= set(ROLES), set(changes) - set(ROLES)
        return {**defaults, **changes}

    return expect


def matrix_cases(cases):
    """Parametrize a test over every role and every case of the table."""
    by_role = pytest.mark.parametrize("role", ROLES)
    by_case = pytest.mark.parametrize(
        ("name", "method", "url", "payload", "expected"), cases, ids=[case[0] for case in cases]
    )
    return lambda test: by_role(by_case(test))


def call_as(world, role, method, url, payload, **options):
    """Call the case's route as a user of this role, with its payload (for a GET: the query)."""
    client = client_for(world.user(role))
    data = payload(world) if payload else None
    return getattr(client, method)(url(world), data=data, **options)


def every_case() -> list:
    """The cases of every access table (tests/api/access_cases/), for the check that each
    route of the API is in one."""
    cases = []
    for module in pkgutil.iter_modules(access_cases.__path__):
        cases += importlib.import_module(f"{access_cases.__name__}.{module.name}").CASES
    return cases
