"""The phone in a real browser, shared by the phone tests: Debian's Chromium driven by
Playwright at 360 px, the live server answering one request at a time beside the test's own
database work, a network that can go down, and the helpers to log in, wait for the sync and
take screenshots. A helper module, not a test module: test modules import from here, never
from each other. A test module takes its `pytestmark` from here; the fixtures are in conftest.py."""

import shutil
import threading
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Error as PlaywrightError

from tests.factories import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTEFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "phone"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
    pytest.mark.django_db(transaction=True),
    # (the fixtures are in conftest.py)
    pytest.mark.usefixtures(
        "catalogue_back_after_the_last_flush",
        "catalogue",
        "one_database_user_at_a_time",
        "no_network_while_offline",
        "allow_orm_beside_playwright",
    ),
]


# The test reads and writes the database while the live server answers the browser in other
# threads, and the service worker fetches pages in the background. SQLite in memory is one
# connection shared by all threads, so a write while a request reads the same table fails
# ("table is locked"). Requests hold this lock, and the test takes it around its own database
# work: it waits for the request in progress, never for a length of time.
SERVER_IDLE = threading.RLock()


# Chromium's offline emulation can lag behind a navigation: in about one run in ten of the
# offline tests here (and once in CI), the page opened right after going offline believed it
# was online and its request went out. A phone without a connection reaches no server at
# all, so while the test's phone is offline the live server drops every connection without
# answering, as a dead network would; the app sees the same network error as on the street.
NETWORK_DOWN = threading.Event()


def log_in(page, username="peer-noord-1", javascript=True, shared=None):
    page.goto("/accounts/login/")
    if shared is not None:
        page.set_checked("[data-shared-phone]", shared)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit] >> text=Inloggen")
    page.wait_for_url("**/")
    if javascript:
        wait_for_sync(page)


def wait_for_sync(page):
    """Today from the network makes the service worker copy my households to the phone in
    the background; wait for it to say it is done. (Besides being what some tests check,
    the test's own database reads must not overlap the server's: SQLite in memory locks
    whole tables.)"""
    page.wait_for_function("() => window.outreachOutbox.syncs() >= 1")


def go_offline(page):
    NETWORK_DOWN.set()
    page.context.set_offline(True)
    page.wait_for_function("navigator.onLine === false")


def go_online(page):
    # The network is back before the phone notices: its "online" event sends the outbox.
    NETWORK_DOWN.clear()
    page.context.set_offline(False)
    page.wait_for_function("navigator.onLine === true")


def reload_today(page):
    page.reload()
    wait_for_sync(page)


def screenshot(page, name):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def wait_for_service_worker(page):
    """Wait until the service worker controls the page. Its first install now and then does
    not take under the test server (about one run in four here); a phone would register it
    again at its next page load, so the test reloads the page, as the phone would."""
    for attempt in range(3):
        try:
            page.wait_for_function(
                "() => navigator.serviceWorker.controller !== null", timeout=10_000
            )
            return
        except PlaywrightError:
            if attempt == 2:
                raise
            page.reload()


KEPT_ON_THE_PHONE = """async ([path, wanted]) => {
    const keys = await (await caches.open("outreach-pages-v1")).keys();
    return keys.some((request) => new URL(request.url).pathname === path) === wanted;
}"""


def wait_until_kept(page, path, kept=True):
    """Wait for the service worker to have kept (or dropped) a page on the phone."""
    page.wait_for_function(KEPT_ON_THE_PHONE, arg=[path, kept])
