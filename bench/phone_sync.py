"""What a peer's phone downloads after logging in: requests and bytes, for a caseload of 35
households, on a fresh phone, at the next login of the same person, and at a reload of Today.

Run with the browser tests' set-up (Debian's Chromium through Playwright):

    .venv/bin/python -m pytest bench/phone_sync.py -s -q -p no:cacheprovider

It prints one line per moment. Counted at the server (the test's live server): every request
the browser and its service worker make, and the bytes of the answers' bodies (uncompressed,
without headers). The same file runs on an older commit to compare (figures in
docs/phone.md)."""

import threading
from datetime import timedelta

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.utils import timezone

from tests.browser.conftest import (  # noqa: F401 (fixtures, used by name)
    allow_orm_beside_playwright,
    browser,
    catalogue,
    catalogue_back_after_the_last_flush,
    no_network_while_offline,
    one_database_user_at_a_time,
    phone,
)
from tests.browser.phone import SERVER_IDLE, log_in
from tests.conftest import world  # noqa: F401 (a fixture)
from tests.factories import (
    AssignmentFactory,
    FollowUpFactory,
    HouseholdFactory,
    VisitFactory,
    WishFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

HOUSEHOLDS = 35
NOTES = "Gesprek aan de keukentafel over de rekeningen, de kinderen en de buurt. " * 3


@pytest.fixture
def served(monkeypatch, one_database_user_at_a_time):  # noqa: F811
    """(path, bytes) of every answer the live server gives."""
    answers = []
    lock = threading.Lock()
    answer = WSGIHandler.__call__

    def counted(self, environ, start_response):
        response = answer(self, environ, start_response)
        size = len(response.content) if hasattr(response, "content") else 0
        with lock:
            answers.append((environ["PATH_INFO"], size))
        return response

    monkeypatch.setattr(WSGIHandler, "__call__", counted)
    return answers


def caseload(people):
    team = people.household.team
    households = [people.household]
    for number in range(HOUSEHOLDS - 1):
        households.append(HouseholdFactory(team=team, contact_name=f"Fam. Meting {number}"))
        AssignmentFactory(household=households[-1], lead=people.peer, buddy=people.buddy)
    for household in households:
        for week in range(3):
            VisitFactory(
                household=household,
                notes=NOTES,
                started_at=timezone.now() - timedelta(weeks=week + 1),
                peers=[people.peer],
            )
        WishFactory(household=household)
        FollowUpFactory(household=household, responsible=people.peer)


def report(name, answers):
    pages = [size for path, size in answers if path.startswith("/households/")]
    print(
        f"\n{name}: {len(answers)} requests, {sum(s for _, s in answers) / 1024:.0f} KB; "
        f"of which household pages and forms: {len(pages)} requests, {sum(pages) / 1024:.0f} KB"
    )
    others = [
        f"{path} ({size / 1024:.0f} KB)"
        for path, size in answers
        if path not in ("/households/",) and not path.startswith("/households/")
    ]
    print("  besides them:", ", ".join(others))


def wait_until_quiet(page, answers):
    # The sync is done when the page heard so (newer code), or when no request came for a
    # while (older code without the message).
    for _ in range(60):
        seen = len(answers)
        page.wait_for_timeout(1000)
        if len(answers) == seen:
            return


def test_what_a_phone_downloads_after_login(phone, world, served):  # noqa: F811
    with SERVER_IDLE:
        caseload(world)
    phone.goto("/accounts/login/")
    served.clear()
    log_in(phone, javascript=False)
    wait_until_quiet(phone, served)
    report("first login on this phone", list(served))
    # Logging out and in again, as every morning
    phone.click("header button >> text=Uitloggen")
    phone.wait_for_url("**/accounts/login/**")
    wait_until_quiet(phone, served)
    served.clear()
    log_in(phone, javascript=False)
    wait_until_quiet(phone, served)
    report("next login of the same person", list(served))
    served.clear()
    phone.reload()
    wait_until_quiet(phone, served)
    report("reload of Today, nothing changed", list(served))
