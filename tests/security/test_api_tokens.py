"""API tokens are kept only as a digest, shown once, and end with a logout (API or page), a
new password, deactivation and a two-step reset (tests/security/test_two_factor.py)."""

from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from outreach.models import ApiToken
from tests.factories import PASSWORD

ME = "/api/v1/users/me/"


def token_login(user) -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return response.json()["token"]


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def logged_in(user) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    return client


def test_the_key_is_stored_nowhere(world):
    # Given a peer who logged in for a token
    key = token_login(world.peer)
    assert len(key) >= 40
    assert with_token(key).get(ME).status_code == 200
    # Then no column of any table holds the key
    introspection = connection.introspection
    with connection.cursor() as cursor:
        for table in introspection.table_names():
            columns = [c.name for c in introspection.get_table_description(cursor, table)]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                assert not any(key in str(value) for value in row), table


def test_the_admin_shows_no_live_key(client, world):
    # Given a peer with a token, and an admin in the admin site
    key = token_login(world.peer)
    client.force_login(world.admin)
    # Then the admin has no page of tokens, and the peer's page does not show the key
    assert client.get("/admin/authtoken/token/").status_code == 404
    assert b"authtoken" not in client.get("/admin/").content
    page = client.get(f"/admin/outreach/user/{world.peer.pk}/change/")
    assert page.status_code == 200
    assert key.encode() not in page.content


def test_logging_out_in_the_api_ends_the_token(world):
    key = token_login(world.peer)
    # When the phone logs out
    assert with_token(key).post("/api/v1/auth/logout/").status_code == 204
    # Then the token opens nothing, and logging out needs a login
    assert with_token(key).get(ME).status_code == 401
    assert APIClient().post("/api/v1/auth/logout/").status_code == 401


def test_logging_out_on_the_website_ends_the_token_too(world):
    key = token_login(world.peer)
    browser = logged_in(world.peer)
    assert browser.post("/accounts/logout/").status_code in (200, 302)
    assert with_token(key).get(ME).status_code == 401


def test_a_new_password_ends_the_token(world):
    # Given a peer's token on a phone
    key = token_login(world.peer)
    # When they change their password on the website
    browser = logged_in(world.peer)
    new_password = "a-new-long-password-2026"
    changed = browser.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert changed.status_code == 302
    # Then the token on the phone opens nothing, with the answer to log in again
    answer = with_token(key).get(ME)
    assert answer.status_code == 401
    assert answer.json()["detail"] == "Your login has ended. Log in again."


def test_a_password_set_by_an_admin_ends_the_token(world):
    key = token_login(world.peer)
    world.peer.set_password("set-by-the-admin-2026")
    world.peer.save()
    assert with_token(key).get(ME).status_code == 401


def test_deactivating_an_account_ends_its_token_for_good(client, world):
    # Given a peer with a token
    key = token_login(world.peer)
    client.force_login(world.admin)
    url = f"/admin/outreach/user/{world.peer.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
            "groups": [],
            "user_permissions": [],
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        }
    )
    data.pop("password", None)
    # When the admin deactivates the account
    data["is_active"] = ""
    response = client.post(url, {k: v for k, v in data.items() if v != ""})
    assert response.status_code == 302, response.context["adminform"].form.errors
    # Then the token is gone, and does not come back when the account is active again
    assert not ApiToken.objects.filter(user=world.peer).exists()
    world.peer.refresh_from_db()
    world.peer.is_active = True
    world.peer.save()
    assert with_token(key).get(ME).status_code == 401


def test_an_unknown_key_is_refused(world):
    assert with_token("not-a-key").get(ME).status_code == 401
