"""The shared page frame: login, landing per role, logout, language switch."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD


def test_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["peer", "coordinator", "municipality_user", "admin"])
def test_each_role_logs_in_and_lands_on_its_start_page(client, world, role):
    user = getattr(world, role)
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user == user
    assert b'<html lang="nl"' in response.content


def test_login_page_speaks_dutch_and_english(client, db):
    assert "Inloggen" in client.get("/accounts/login/").content.decode()
    english = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in" in english


def test_logging_out_is_one_button(client, world):
    client.force_login(world.peer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302
