"""The coordinator workspace in a real browser (Debian's Chromium, headless): a coordinator
assigns a waiting household from the intake queue, and the page works at tablet width."""

import os

import pytest
from playwright.sync_api import sync_playwright

from outreach.models import Assignment
from tests.factories import PASSWORD, HouseholdFactory

CHROMIUM = "/usr/bin/chromium"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Chromium")


@pytest.fixture
def browser_page():
    # Playwright's sync API runs an event loop; Django's ORM in the same thread is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="nl-NL")
        yield context.new_page()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_coordinator_assigns_a_waiting_household_in_the_browser(
    live_server, transactional_db, world, browser_page, settings
):
    settings.AXES_ENABLED = False
    household = HouseholdFactory(team=world.household.team, status="new")
    page = browser_page
    # Given coord-noord logs in
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", world.coordinator.username)
    page.fill("input[name=password]", PASSWORD)
    page.press("#id_password", "Enter")
    # When they open the intake, take the waiting household and pick the suggested peer
    page.click("text=Aanmeldingen")
    page.get_by_role("row", name=household.reference).get_by_role("link", name="Toewijzen").click()
    assert page.locator("ol.suggestions li").count() == 3
    page.select_option("#id_assign-lead", label="peer-noord-3")
    page.fill("#id_assign-reason", "Woont om de hoek")
    page.get_by_role("button", name="Toewijzen").click()
    # Then they are back at the intake with a confirmation, and the case is assigned
    assert "is toegewezen aan" in page.locator(".messages").inner_text()
    assert Assignment.objects.current().get(household=household).lead == world.other_peer
