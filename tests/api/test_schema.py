"""The OpenAPI schema is valid, and the API keeps to it: schemathesis generates requests
from it for every operation and checks that nothing answers 5xx and that every response
(errors included) is described by the schema."""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from outreach.wsgi import application


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


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def exercise(operation, headers: dict) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=6,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def conforms(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    conforms()


def test_api_conforms_to_its_schema(world, wsgi_keeps_test_connection):
    # Given the schema the API publishes and a coordinator's token
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    token = Token.objects.get_or_create(user=world.coordinator)[0].key
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    # When schemathesis sends requests generated from it to every operation
    # Then no answer is a server error, and each is described by the schema
    for operation in operations:
        public = operation.path == "/api/v1/auth/token/"
        exercise(operation, {} if public else {"Authorization": f"Token {token}"})
