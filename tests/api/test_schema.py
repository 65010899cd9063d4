"""The OpenAPI schema is valid, and the API keeps to it: schemathesis generates requests
from it for every operation and checks that nothing answers 5xx and that every response
(errors included) is described by the schema, with all of schemathesis' checks, for valid
and for invalid requests."""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import FailureGroup

from config.wsgi import application
from tests.helpers import api_key_for


def test_schema_generates_without_warnings_and_validates(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yml")
    assert "/api/v1/households/{id}/assign/" in (tmp_path / "s.yml").read_text()


def test_docs_page_is_served_without_external_assets(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert b"cdn." not in response.content and b"https://" not in response.content


@pytest.fixture
def wsgi_keeps_test_connection():
    # Like Django's test client: keep the test's database connection (and its transaction)
    # open across requests made straight to the WSGI application.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def all_checks() -> list:
    """Every check schemathesis has: no 5xx, status codes, content types, headers and bodies
    as documented, bad input refused, auth not ignored, methods, deleted things gone.
    Except one: positive_data_acceptance wants 2xx for every schema-valid request, but an
    id that fits the schema may name a team, household or peer that does not exist or is
    not the caller's (400 or 404 by design), and business rules (no visit in the future,
    a consent text that exists) are checked beyond what a schema can say."""
    load_all_checks()
    return [check for check in CHECKS.get_all() if check.__name__ != "positive_data_acceptance"]


def exercise(operation, headers: dict, mode: GenerationMode) -> None:
    checks = all_checks()

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=6,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def conforms(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks, headers=headers)

    conforms()


def test_api_conforms_to_its_schema(world, wsgi_keeps_test_connection):
    # Given the schema the API publishes and a coordinator's token
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    token = api_key_for(world.coordinator)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    # When schemathesis sends requests generated from it to every operation
    # Then no answer is a server error, and each is described by the schema
    failures = []
    for operation in operations:
        public = operation.path == "/api/v1/auth/token/"
        for mode in GenerationMode:
            try:
                exercise(operation, {} if public else {"Authorization": f"Token {token}"}, mode)
            except Unsatisfiable:
                continue  # nothing in the request that could be made invalid (users/me/)
            except (Exception, FailureGroup) as failure:  # all reported together, below
                failures.append(f"{operation.label} [{mode.value}]: {failure}")
    assert not failures, "\n\n".join(failures)
