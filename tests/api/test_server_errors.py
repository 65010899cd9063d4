"""Inputs that once made the server fail (500) get a clear answer instead: whatever a
client sends, the API answers 4xx with a reason, never a server error."""

import json

import pytest
from django.db import connection
from django.test import override_settings
from twilio.request_validator import RequestValidator

from notifications.models import Activity, InboundMessage, Session
from outreach.models import ProvisionCheck
from tests.helpers import client_for


def post_raw(client, url, body: str):
    return client.generic("POST", url, body.encode("utf-8", "surrogatepass"),
                          content_type="application/json")  # fmt: skip


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_json_nested_a_thousand_levels_deep_is_refused(world, depth):
    response = post_raw(
        client_for(world.coordinator), "/api/v1/households/", "[" * depth + "]" * depth
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_lone_surrogate_in_a_choice_field_is_refused(world):
    # The JSON escape \ud800 is half of a pair: no character at all
    body = json.dumps({"household": world.household.pk, "category": "\ud800",
                       "description": "x"})  # fmt: skip
    response = post_raw(client_for(world.peer), "/api/v1/wishes/", body)
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_lone_surrogate_in_a_text_field_is_refused(world):
    body = json.dumps({"contact_name": "Jan \udfff"})
    response = post_raw(client_for(world.coordinator), "/api/v1/households/", body)
    assert response.status_code == 400


def test_deleting_a_provision_in_use_is_refused_with_a_reason(world):
    provision = ProvisionCheck.objects.filter(household=world.household).first().provision
    response = client_for(world.admin).delete(
        f"/api/v1/provisions/{provision.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert "in use" in response.json()["detail"]
    provision.refresh_from_db()


@override_settings(TWILIO_AUTH_TOKEN="test-token")
def test_a_signed_inbound_message_with_a_nul_byte_is_handled(client, db):
    url = "http://testserver/notifications/twilio/inbound/"
    params = {"MessageSid": "SM\x001", "From": "+31611111111", "Body": "STOP\x00 nu"}
    signature = RequestValidator("test-token").compute_signature(url, params)
    response = client.post(url, params, HTTP_X_TWILIO_SIGNATURE=signature)
    assert response.status_code in (200, 204)
    inbound = InboundMessage.objects.get()
    assert "\x00" not in inbound.body
    assert inbound.handled_as == "opt_out"


def test_options_on_the_subject_access_export_answers(world):
    response = client_for(world.coordinator).options(
        f"/api/v1/households/{world.household.pk}/export/?format=html"
    )
    assert response.status_code in (200, 404, 405)
    response = client_for(world.coordinator).options(
        f"/api/v1/households/{world.household.pk}/export/"
    )
    assert response.status_code == 200


def test_options_on_notification_preferences_answers(world):
    response = client_for(world.peer).options(
        "/api/v1/notification-preferences/me/", {"channel": "sms"}, format="json"
    )
    assert response.status_code == 200


@pytest.mark.parametrize("number", [2**70, -(2**70), 4369079859630593699479552])
def test_attendance_with_a_huge_number_is_refused(world, number):
    activity = Activity.objects.create(team=world.household.team, name="Kookgroep")
    session = Session.objects.create(activity=activity, starts_at="2026-01-01T10:00:00Z")
    response = client_for(world.coordinator).post(
        f"/api/v1/sessions/{session.pk}/attendance/",
        {"present": [number], "absent": []},
        format="json",
    )
    assert response.status_code == 400


def test_the_database_connection_survives_each_of_these(world):
    # After all of the above in one test database, a plain request still works
    assert client_for(world.coordinator).get("/api/v1/households/").status_code == 200
    assert connection.is_usable()
