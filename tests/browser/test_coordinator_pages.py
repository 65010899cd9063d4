"""The coordinator's and the municipality's pages in a real browser (Debian's Chromium,
headless, desktop size): finding a case from every list, starting an activity with a session
and a participant, our own error pages. axe-core's WCAG 2.1 AA check of every page of each
role is in test_accessibility.py."""

import os

import pytest
from django.utils import timezone
from playwright.sync_api import sync_playwright

from notifications.models import Activity, Enrolment, Participant, Session
from outreach.services.households import household_close
from tests.browser.catalogue import seed_catalogue
from tests.factories import PASSWORD, FollowUpFactory, HouseholdFactory

CHROMIUM = "/usr/bin/chromium"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Chromium")


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
        context = chromium.new_context(
            viewport={"width": 1280, "height": 800},
            locale="nl-NL",
            base_url=live_server.url,
            service_workers="block",
        )
        yield context.new_page()
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()


def test_coordinator_finds_a_household_by_name_and_opens_its_case(browser, world):
    household = HouseholdFactory(team=world.household.team, contact_name="Samira El Idrissi")
    page = browser
    log_in(page, world.coordinator)
    page.get_by_role("link", name="Huishouden zoeken").first.click()
    page.get_by_role("searchbox").fill("idrissi")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=household.reference).click()
    assert page.url.endswith(f"/households/{household.pk}/")
    assert "Samira El Idrissi" in page.content()


def test_every_coordinator_list_opens_the_case_page(browser, world):
    page = browser
    waiting = HouseholdFactory(team=world.household.team, status="new")
    FollowUpFactory(
        household=world.household,
        responsible=world.peer,
        due_date=timezone.localdate() - timezone.timedelta(days=30),
    )
    closed = HouseholdFactory(team=world.household.team)
    household_close(
        household=closed,
        closed_by=world.coordinator,
        reason="goals_reached",
        satisfaction=None,
        became_more_active=None,
    )
    log_in(page, world.coordinator)
    for list_path, household in [
        ("/coordinator/intake/", waiting),
        ("/coordinator/workload/", world.household),
        ("/coordinator/overdue/", world.household),
        ("/coordinator/closed/", closed),
    ]:
        page.goto(list_path)
        page.get_by_role("link", name=household.reference, exact=True).first.click()
        assert page.url.endswith(f"/households/{household.pk}/"), list_path
        assert household.reference in page.content()


def test_coordinator_starts_an_activity_with_a_session_and_a_participant(browser, world):
    page = browser
    log_in(page, world.coordinator)
    page.goto("/notifications/activities/")
    page.get_by_role("link", name="Nieuwe activiteit").click()
    page.get_by_label("Naam").fill("Kookgroep De Kroon")
    page.get_by_label("Plaats").fill("Buurthuis De Kroon")
    page.get_by_role("button", name="Opslaan").click()
    activity = Activity.objects.get(name="Kookgroep De Kroon")
    assert page.url.endswith(f"/notifications/activities/{activity.pk}/")
    page.get_by_role("link", name="Bijeenkomst plannen").click()
    page.get_by_label("Begint om").fill("2030-03-12T18:00")
    page.get_by_role("button", name="Opslaan").click()
    assert Session.objects.filter(activity=activity).count() == 1
    page.get_by_role("link", name="Deelnemer toevoegen").click()
    page.get_by_label("Naam").fill("Kees de Wit")
    page.get_by_label("Mobiel nummer").fill("06 22222222")
    page.get_by_label("Wil herinneringen en bedankjes krijgen per sms").check()
    page.get_by_label("Hoe is dit afgesproken?").select_option("verbal")
    page.get_by_role("button", name="Opslaan").click()
    participant = Participant.objects.get(name="Kees de Wit")
    assert Enrolment.objects.filter(activity=activity, participant=participant).exists()
    assert participant.sms_consents.filter(withdrawn_at__isnull=True).exists()
    assert "Kees de Wit" in page.locator("main").inner_text()


def test_our_error_pages_are_in_dutch_with_a_way_back(browser, world, live_server):
    page = browser
    # (The municipality: a peer's phone copies its cases in the background after login.)
    log_in(page, world.municipality_user)
    response = page.goto("/bestaat-niet/")
    assert response.status == 404
    assert page.get_by_role("heading", name="We kunnen deze pagina niet vinden").is_visible()
    response = page.goto("/coordinator/intake/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Dit mag je niet doen").is_visible()
    page.get_by_role("link", name="Terug naar de startpagina").click()
    assert page.url == f"{live_server.url}/"
