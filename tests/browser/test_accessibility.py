"""axe-core's WCAG 2.1 AA check on every page of the three roles, in a real browser (Debian's
Chromium, headless): a peer on a 360 px phone, a coordinator and the municipality on a
desktop screen. Every page of the site (tests/pages.py finds them from the URL
configuration), so the pages a role may not open are checked as they meet them: our 403 and
404 pages. Our 500 and 503 pages as the server sends them. Zero violations of any impact.

The municipality's dashboard is checked with figures in it (charts, tables, hidden cells)."""

import os
from datetime import date, datetime, time
from pathlib import Path

import pytest
from django.conf import settings
from django.db.utils import OperationalError
from django.test import RequestFactory
from django.utils import timezone, translation
from django.views.defaults import server_error
from playwright.sync_api import sync_playwright

from outreach.middleware import database_unavailable_response
from outreach.services.areas import area_names_load
from reach.services import reach_refresh
from tests.browser.catalogue import seed_catalogue
from tests.factories import PASSWORD, HouseholdFactory
from tests.pages import page_paths

CHROMIUM = "/usr/bin/chromium"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core not installed: run npm ci"),
]


@pytest.fixture
def browser(live_server, transactional_db, settings, one_database_user_at_a_time):
    settings.AXES_ENABLED = False
    seed_catalogue()
    # Playwright's sync API runs an event loop; Django's ORM in the same thread is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--disable-background-networking", "--disable-component-update"],
        )
        yield chromium
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def screen(browser, live_server, *, phone: bool):
    """A Dutch page on a phone or a desktop. The phone's service worker is kept out: its
    background copies of the cases are not what is checked here, and they would race the
    pages for the test database."""
    options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {}
    context = browser.new_context(
        viewport=options.pop("viewport", DESKTOP),
        locale="nl-NL",
        base_url=live_server.url,
        service_workers="block",
        **options,
    )
    return context.new_page()


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()


def violations(page) -> list:
    """Every WCAG 2.1 A and AA violation axe finds, whatever its impact. Evaluated by the
    test driver, not as an inline script tag, which the page's CSP (rightly) refuses."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
    ]


def figures_for_the_dashboard(world):
    """Enough households in named districts for a dashboard with published and hidden
    figures, this year and last year."""
    this_year = timezone.localdate().year
    teams = (world.household.team, world.other_household.team)
    for number in range(30):
        registered = date(this_year - 1 + number % 2, 2 + number % 9, 1)
        HouseholdFactory(
            team=teams[number % 2],
            neighbourhood_code="BU16740101" if number % 3 else "BU16740301",
            created_at=timezone.make_aware(datetime.combine(registered, time(12))),
        )
    area_names_load(year=2025, rows=[("WK167401", "Centrum"), ("WK167403", "Kroeven")])
    reach_refresh(municipality=world.household.team.municipality)


def walk(page, paths, statuses=None) -> dict:
    """axe on every page among `paths` (an action that answers only POST, or answers without
    HTML such as the phone's 204 "still in use", is no page); the status of each page checked
    goes into `statuses`."""
    found = {}
    statuses = set() if statuses is None else statuses
    for path in paths:
        probe = page.request.get(path)
        if probe.status in (204, 405) or "html" not in (probe.headers.get("content-type") or ""):
            continue
        response = page.goto(path)
        if response is None or "html" not in (response.headers.get("content-type") or ""):
            continue
        # What is folded away is read too
        statuses.add(response.status)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        problems = violations(page)
        if problems:
            found[f"{path} ({response.status})"] = problems
    return found


def report(found: dict) -> str:
    return "\n".join(f"{where}: {problems}" for where, problems in found.items())


@pytest.mark.parametrize(
    ("role", "phone"),
    [("peer", True), ("coordinator", False), ("municipality_user", False)],
)
def test_every_page_of_the_role_has_no_wcag_21_aa_violation(
    browser, live_server, world, role, phone
):
    figures_for_the_dashboard(world)
    paths = [path for path in page_paths(world) if not path.startswith(("/admin/", "/api/"))]
    page = screen(browser, live_server, phone=phone)
    found = walk(page, ["/accounts/login/"])
    log_in(page, world.user(role))
    statuses: set[int] = set()
    found |= walk(page, paths, statuses)
    assert not found, report(found)
    # Our 404 page is among them (an id that does not exist), and for the peer and the
    # municipality our 403 page (the coordinator's workspace)
    assert 404 in statuses and 200 in statuses
    assert role == "coordinator" or 403 in statuses


def sent_as(response):
    """A route handler that answers with a response Django made."""

    def fulfil(route, request):
        route.fulfill(
            status=response.status_code,
            content_type="text/html; charset=utf-8",
            body=response.content,
        )

    return fulfil


@pytest.mark.parametrize("phone", [True, False])
def test_our_error_pages_have_no_wcag_21_aa_violation(browser, live_server, world, phone):
    request = RequestFactory().get("/")
    with translation.override("nl"):
        pages = {
            "/500/": server_error(request),
            "/503/": database_unavailable_response(request, OperationalError("gone")),
        }
    page = screen(browser, live_server, phone=phone)
    # The 500 and 503 pages as the server sends them (their styles come from the server)
    for path, response in pages.items():
        page.route(f"{live_server.url}{path}", sent_as(response))
    log_in(page, world.peer if phone else world.coordinator)
    found = {}
    for path, expected in [("/bestaat-niet/", 404), ("/500/", 500), ("/503/", 503)]:
        response = page.goto(path)
        assert response.status == expected
        assert page.locator("h1").count() == 1
        if problems := violations(page):
            found[path] = problems
    # And the 403 a peer meets in the coordinator's workspace
    if phone:
        assert page.goto("/coordinator/intake/").status == 403
        if problems := violations(page):
            found["/coordinator/intake/"] = problems
    assert not found, report(found)
