import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD


def test_token_login_then_api_call_with_the_token(world):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": "peer-noord-1", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/v1/users/me/")
    assert me.json()["username"] == "peer-noord-1"
    assert me.json()["role"] == "peer"


def test_users_me_answers_with_a_format_suffix_too(world):
    client = APIClient()
    client.force_authenticate(world.peer)
    response = client.get("/api/v1/users/me.json")
    assert response.status_code == 200
    assert response.json()["username"] == "peer-noord-1"


def test_wrong_password_gets_a_clear_error_and_no_token(world):
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "peer-noord-1", "password": "wrong"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "token" not in response.json()


# Transactional: as in production, each request commits on its own (a refused login
# must not be rolled back with the request, or the lockout would never count it).
@pytest.mark.django_db(transaction=True)
def test_repeated_wrong_passwords_lock_the_account_for_a_while(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = APIClient()
    for _ in range(3):
        client.post("/api/v1/auth/token/", {"username": "peer-noord-1", "password": "wrong"})
    response = client.post(
        "/api/v1/auth/token/", {"username": "peer-noord-1", "password": PASSWORD}
    )
    assert response.status_code in (400, 403, 429)
    assert "token" not in response.json()


def test_anonymous_api_call_is_told_to_authenticate(db):
    response = APIClient().get("/api/v1/households/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
