"""Fixtures of the phone tests (tests/browser/phone.py): a module uses them by taking its
`pytestmark` from there, which asks for the ones every phone test needs; none is autouse, so
the coordinator's browser tests beside them are not touched."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ServerHandler

from tests.browser.catalogue import seed_catalogue
from tests.browser.phone import CHROMIUM, NETWORK_DOWN, PHONE, SERVER_IDLE


@pytest.fixture(scope="module")
def catalogue_back_after_the_last_flush(django_db_blocker):
    # A browser test needs committed data (the live server reads it from another thread), so
    # the database is emptied after each; later tests expect the migration's catalogue back.
    yield
    with django_db_blocker.unblock():
        seed_catalogue()


@pytest.fixture
def catalogue(transactional_db):
    seed_catalogue()


@pytest.fixture
def one_database_user_at_a_time(monkeypatch, transactional_db):
    answer = WSGIHandler.__call__

    def answer_alone(self, environ, start_response):
        with SERVER_IDLE:
            return answer(self, environ, start_response)

    monkeypatch.setattr(WSGIHandler, "__call__", answer_alone)
    yield
    # The browser is closed by now; a request it left behind ends before the database is
    # emptied for the next test.
    with SERVER_IDLE:
        pass


@pytest.fixture
def no_network_while_offline(monkeypatch):
    # Checked once a request has been read, so that a connection kept open from before also
    # carries nothing.
    answer = ServerHandler.run

    def answer_unless_offline(self, application):
        if NETWORK_DOWN.is_set():
            self.request_handler.close_connection = True
            return
        answer(self, application)

    monkeypatch.setattr(ServerHandler, "run", answer_unless_offline)
    NETWORK_DOWN.clear()
    yield
    NETWORK_DOWN.clear()


@pytest.fixture
def allow_orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the tests
    # are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser(allow_orm_beside_playwright):
    # Per test, so that Playwright's event loop is gone before the database is flushed.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live_server):
    """A fresh phone: a 360 px wide browser context, Dutch, with every request recorded."""
    context = browser.new_context(
        viewport=PHONE, locale="nl-NL", base_url=live_server.url, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()
