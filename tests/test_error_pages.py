"""Our own error pages: in the user's language, with a way back, never Django's bare ones."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def production_pages(settings):
    # With DEBUG on, Django shows its technical pages instead of ours.
    settings.DEBUG = False


def test_unknown_address_shows_our_dutch_404_with_a_way_back(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "We kunnen deze pagina niet vinden" in page
    assert '<html lang="nl">' in page
    assert 'href="/"' in page and "Terug naar de startpagina" in page


def test_404_in_english_when_english_is_asked_for(client, db):
    response = client.get("/bestaat-niet/", HTTP_ACCEPT_LANGUAGE="en")
    assert "We cannot find this page" in response.content.decode()


def test_refused_page_shows_our_dutch_403(client, world):
    # Given a peer, who has no coordinator workspace
    client.force_login(world.peer)
    response = client.get("/coordinator/intake/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Dit mag je niet doen" in page
    assert "Terug naar de startpagina" in page


def test_server_error_page_is_ours_and_in_dutch():
    # Django renders the 500 page without the request's context: the page must stand alone.
    with translation.override("nl"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Er ging iets mis aan onze kant" in page
    assert "Terug naar de startpagina" in page


def test_coordinator_address_from_the_readme_opens_the_workspace(client, world):
    client.force_login(world.coordinator)
    response = client.get("/coordinator/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/", 302)]


PAGE_WHILE_DATABASE_IS_AWAY = """
import django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
# Static files are not collected in a checkout; production's manifest would be missing.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client = Client(raise_request_exception=False)
client.cookies["sessionid"] = "a-session-the-database-should-know"
response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl", secure=True)
print(response.status_code, response["Retry-After"])
print(response.content.decode())
"""


def test_page_while_the_database_is_away_is_our_503_in_dutch():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PAGE_WHILE_DATABASE_IS_AWAY],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
            # Our error pages are the production ones: with DEBUG on, Django shows its own.
            "DEBUG": "0",
            "SECRET_KEY": "error-pages-test-only",
            "ALLOWED_HOSTS": "testserver",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    status_line, _, page = result.stdout.partition("\n")
    assert status_line.split() == ["503", "5"], result.stderr
    assert "Outreach is even niet beschikbaar" in page
    assert "Terug naar de startpagina" in page
