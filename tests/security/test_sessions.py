"""Sessions end after inactivity (staff sooner than peers) and at an absolute limit, API
tokens after API_TOKEN_HOURS; a login gets a new session key; wrong passwords lock the
account on the login page and on the token endpoint alike."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from outreach.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT
from outreach.models import ApiToken
from tests.factories import PASSWORD
from tests.helpers import at_the_same_moment
from tests.security.helpers import token_login, with_token

MINUTE = 60


def logged_in(user) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    return client


def age_session(client: Client, *, idle_minutes: int = 0, since_login_minutes: int = 0):
    """Move the session's clocks back, as if time had passed."""
    session = client.session
    session[SESSION_SEEN_AT] -= idle_minutes * MINUTE
    session[SESSION_LOGIN_AT] -= max(since_login_minutes, idle_minutes) * MINUTE
    session.save()


def is_logged_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def test_coordinator_is_logged_out_after_half_an_hour_without_activity(world):
    client = logged_in(world.coordinator)
    age_session(client, idle_minutes=29)
    assert is_logged_in(client)
    age_session(client, idle_minutes=31)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You were logged out because your session ended." in page


def test_peer_keeps_the_session_through_a_long_home_visit(world):
    client = logged_in(world.peer)
    age_session(client, idle_minutes=3 * 60)
    assert is_logged_in(client)
    age_session(client, idle_minutes=4 * 60 + 1)
    assert not is_logged_in(client)


def test_idle_limits_are_settings(world, settings):
    settings.SESSION_IDLE_MINUTES_PEER = 10
    client = logged_in(world.peer)
    age_session(client, idle_minutes=11)
    assert not is_logged_in(client)


def test_an_active_session_still_ends_at_the_absolute_limit(world, settings):
    # Given a peer who has been busy all day (the last request a minute ago)
    client = logged_in(world.peer)
    age_session(client, since_login_minutes=settings.SESSION_COOKIE_AGE // MINUTE + 1)
    age_session(client, idle_minutes=1)
    # Then the session has ended all the same
    assert not is_logged_in(client)


def test_activity_keeps_a_session_alive(world):
    client = logged_in(world.coordinator)
    age_session(client, idle_minutes=25)
    assert is_logged_in(client)  # the request counts as activity
    age_session(client, idle_minutes=25)
    assert is_logged_in(client)


def test_login_gives_a_new_session_key(world):
    # Given a visitor whose browser already holds a session (before logging in)
    client = Client()
    session = client.session
    session["seen_the_login_page"] = True
    session.save()
    before = client.cookies["sessionid"].value
    # When they log in
    client.post("/accounts/login/", {"username": world.peer.username, "password": PASSWORD})
    # Then the session key is new, so a key planted before the login is worthless
    assert client.cookies["sessionid"].value != before
    planted = Client()
    planted.cookies["sessionid"] = before
    assert planted.get("/").status_code == 302


# Transactional: as in production each request commits on its own, so that the refused
# logins are kept (not rolled back with the test's transaction).
@pytest.mark.django_db(transaction=True)
def test_ten_wrong_passwords_lock_the_account_on_the_token_endpoint(world, settings):
    assert settings.AXES_FAILURE_LIMIT == 10
    client = APIClient()
    for _ in range(9):
        client.post("/api/v1/auth/token/", {"username": "peer-noord-1", "password": "wrong"})
    # After nine failures the right password still works (and resets the count)
    ok = client.post("/api/v1/auth/token/", {"username": "peer-noord-1", "password": PASSWORD})
    assert "token" in ok.json()
    for _ in range(10):
        client.post("/api/v1/auth/token/", {"username": "peer-noord-1", "password": "wrong"})
    locked = client.post("/api/v1/auth/token/", {"username": "peer-noord-1", "password": PASSWORD})
    assert locked.status_code in (400, 403, 429)
    assert "token" not in locked.json()
    # And the lockout holds on the login page too
    page = Client().post("/accounts/login/", {"username": "peer-noord-1", "password": PASSWORD})
    assert page.status_code in (403, 429)


@pytest.mark.django_db(transaction=True)
def test_ten_wrong_passwords_lock_the_account_on_the_login_page(world):
    client = Client()
    for _ in range(10):
        client.post("/accounts/login/", {"username": "coord-noord", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "coord-noord", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert not is_logged_in(client)
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": "coord-noord", "password": PASSWORD}
    )
    assert "token" not in token.json()


def test_an_api_token_ends_like_a_login_and_logging_in_again_gives_a_new_one(world, settings):
    settings.API_TOKEN_HOURS = 14
    # Given a peer's token, 13 hours old: it still works
    old_key = token_login(world.peer)
    ApiToken.objects.filter(user=world.peer).update(created=timezone.now() - timedelta(hours=13))
    assert with_token(old_key).get("/api/v1/users/me/").status_code == 200
    # When it is 15 hours old (a phone lost last night)
    ApiToken.objects.filter(user=world.peer).update(created=timezone.now() - timedelta(hours=15))
    answer = with_token(old_key).get("/api/v1/households/")
    # Then it opens nothing, and the answer says what to do
    assert answer.status_code == 401
    assert answer.json()["detail"] == "Your login has ended. Log in again."
    # And logging in again, from a client that still sends the ended token, gives a new
    # token that works, while the old one stays refused
    new_key = token_login(world.peer, client=with_token(old_key))
    assert new_key != old_key
    assert with_token(new_key).get("/api/v1/households/").status_code == 200
    assert with_token(old_key).get("/api/v1/households/").status_code == 401
    # And an ended token asking for an unknown format gets the plain refusal, not an error
    assert with_token(old_key).get("/api/v1/households/?format=bogus").status_code == 404


def test_logging_in_again_ends_the_token_of_the_last_login(world):
    # Given a peer's token on a phone that is then lost
    lost_phone = token_login(world.peer)
    # When they log in on their new phone
    new_phone = token_login(world.peer)
    # Then only the new phone's token opens anything
    assert new_phone != lost_phone
    assert with_token(lost_phone).get("/api/v1/households/").status_code == 401
    assert with_token(new_phone).get("/api/v1/households/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_logins_at_the_same_moment_get_one_token_between_them(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    keys = at_the_same_moment(lambda: token_login(world.peer))
    # Then both are answered, one token is kept, and it is one of the two keys given out
    # (each login replaces the last: the later one's key works, the earlier one's not)
    assert ApiToken.objects.filter(user=world.peer).count() == 1
    statuses = sorted(with_token(key).get("/api/v1/households/").status_code for key in keys)
    assert statuses == [200, 401]
