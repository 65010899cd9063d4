"""The phone pages in a real browser: Debian's Chromium driven by Playwright at 360 px.

Covers login, logging a visit with a wish, a provision check and a follow-up, logging a
visit offline and seeing it arrive once when back online, a double tap making one visit,
a conflict being shown, drafts surviving a reload, pages readable offline and removed after
reassignment, no external requests, and axe-core's WCAG 2.1 AA check. Screenshots of the
main pages go to test-artifacts/phone/."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Error as PlaywrightError

from audit.models import AccessLog
from outreach.models import FollowUp, Household, Provision, ReferenceCounter, Visit
from outreach.services.areas import area_names_load
from outreach.services.assignments import case_assign
from outreach.services.wishes import wish_update
from tests.browser.phone import (  # noqa: F401 (pytestmark: the phone tests' marks)
    AXE,
    PHONE,
    SERVER_IDLE,
    fits_the_screen,
    go_offline,
    go_online,
    log_in,
    pytestmark,
    reload_today,
    screenshot,
    wait_for_service_worker,
    wait_for_sync,
    wait_until_kept,
)
from tests.factories import (
    PASSWORD,
    AssignmentFactory,
    FollowUpFactory,
    HouseholdFactory,
    VisitFactory,
)


def test_peer_logs_in_and_logs_a_visit_with_a_wish_a_check_and_a_follow_up(
    phone, world, live_server
):
    household = world.household
    # Given a peer who logs in on a 360 px phone
    log_in(phone)
    assert phone.locator("h1").inner_text() == "Vandaag"
    assert fits_the_screen(phone)
    screenshot(phone, "today")
    # When they open their household and log a visit with a wish, a check and a follow-up
    phone.click(f"text={household.reference}")
    assert fits_the_screen(phone)
    screenshot(phone, "household")
    phone.click("text=Bezoek vastleggen")
    screenshot(phone, "visit-form")
    phone.fill("#id_notes", "Gesprek over sport en toeslagen")
    phone.click("summary >> text=Wensen")
    phone.select_option("#id_wish-0-category", "sport")
    phone.fill("#id_wish-0-description", "Zwemles voor de kinderen")
    phone.check("input[name=wish-0-barriers][value=cost]")
    phone.click("summary >> text=Regelingen")
    phone.select_option("#id_check-0-provision", label="Zorgtoeslag")
    phone.select_option("#id_check-0-outcome", "non_use_found")
    phone.select_option("#id_check-0-non_use_reason", "fear_of_repayment")
    phone.click("summary >> text=Acties")
    phone.fill("#id_follow_up-0-description", "Samen zorgtoeslag aanvragen")
    assert fits_the_screen(phone)
    screenshot(phone, "visit-form-filled")
    phone.click("[data-submit]")
    # Then the household page confirms it, and everything is saved once
    phone.wait_for_selector("text=Bezoek opgeslagen.")
    screenshot(phone, "household-after-visit")
    with SERVER_IDLE:
        visit = Visit.objects.get(notes="Gesprek over sport en toeslagen")
        assert visit.household == household
        assert household.wishes.filter(description="Zwemles voor de kinderen").count() == 1
        assert household.provision_checks.filter(non_use_reason="fear_of_repayment").count() == 1
        assert household.follow_ups.filter(description="Samen zorgtoeslag aanvragen").count() == 1
    # And nothing was fetched from anywhere but the app itself
    assert all(url.startswith(live_server.url) for url in phone.requests), phone.requests


def test_a_visit_logged_offline_waits_and_arrives_once_when_back_online(phone, world):
    household = world.household
    log_in(phone)
    wait_for_service_worker(phone)
    reload_today(phone)  # Today, now through the service worker and kept for offline use
    phone.goto(reverse("peer:visit", args=[household.pk]))
    # Given the connection drops while the peer fills in the visit
    go_offline(phone)
    phone.fill("#id_notes", "Zonder bereik gelogd")
    # When they save it
    phone.click("[data-submit]")
    # Then Today opens from the phone with the visit kept there, shown as waiting to send
    phone.wait_for_url(lambda url: urlsplit(url).path == "/")
    phone.wait_for_selector("#outbox:not([hidden])")
    assert "Wacht op verzenden" in phone.locator("#outbox").inner_text()
    assert phone.evaluate("window.outreachOutbox.items().length") == 1
    screenshot(phone, "today-waiting-to-send")
    with SERVER_IDLE:
        assert not Visit.objects.filter(notes="Zonder bereik gelogd").exists()
    # When the connection returns
    go_online(phone)
    # Then it is sent, exactly once, also after reloading (which tries the outbox again).
    # (The database is read only once the page is done: SQLite in memory locks whole tables.)
    phone.wait_for_selector("#outbox", state="hidden", timeout=15000)
    # And the phone says it went out
    phone.wait_for_selector(f"#connection-state >> text=Verstuurd: bezoek {household.reference}")
    phone.wait_for_load_state("networkidle")
    with SERVER_IDLE:
        assert Visit.objects.filter(notes="Zonder bereik gelogd").count() == 1
    reload_today(phone)
    phone.wait_for_load_state("networkidle")
    with SERVER_IDLE:
        assert Visit.objects.filter(notes="Zonder bereik gelogd").count() == 1
    assert phone.evaluate("window.outreachOutbox.items().length") == 0


def test_todays_households_are_readable_offline_and_leave_the_phone_after_reassignment(
    phone, world
):
    household = world.household
    household_path = reverse("peer:household", args=[household.pk])
    visit_path = reverse("peer:visit", args=[household.pk])
    # Given a peer who opened only Today (the sync copies their households to the phone)
    log_in(phone)
    wait_until_kept(phone, household_path)
    wait_until_kept(phone, visit_path)
    # And who started typing a visit for the household
    phone.goto(visit_path)
    phone.fill("#id_notes", "Begonnen, nog niet verstuurd")
    phone.goto("/")
    wait_for_sync(phone)
    # When there is no connection, Today and the household's pages show the last synced data
    go_offline(phone)
    phone.goto("/")
    assert household.reference in phone.content()
    phone.goto(household_path)
    assert household.contact_name in phone.content()
    screenshot(phone, "household-offline")
    # And what needs the server says so, instead of losing the page
    phone.click("button >> text=Klaar")
    assert "verbinding" in phone.locator("#connection-state").inner_text()
    assert household.contact_name in phone.content()
    phone.goto(visit_path)
    assert phone.input_value("#id_notes") == "Begonnen, nog niet verstuurd"
    go_online(phone)
    # When the coordinator reassigns the case and the phone syncs Today
    with SERVER_IDLE:
        case_assign(
            household=household, lead=world.other_peer, buddy=None, reason="test",
            assigned_by=world.coordinator,
        )  # fmt: skip
    phone.goto("/")
    # Then the household's pages and what was typed for it are no longer on the phone
    wait_until_kept(phone, household_path, kept=False)
    wait_until_kept(phone, visit_path, kept=False)
    assert phone.evaluate("Object.keys(localStorage).filter(k => k.includes('draft'))") == []


def sync_entries():
    """The access log's entries for the phone's syncs, and for pages copied on their own."""
    with SERVER_IDLE:
        syncs = list(
            AccessLog.objects.filter(path=reverse("peer:sync")).values_list("detail", flat=True)
        )
        alone = AccessLog.objects.filter(detail="naar de telefoon gekopieerd").count()
    return syncs, alone


def test_the_sync_fetches_a_kept_household_again_only_when_it_changed(phone, world):
    household = world.household
    # Given a peer whose phone synced Today once (mobile data costs them money)
    log_in(phone)
    phone.wait_for_function("() => window.outreachOutbox.syncs() === 1")
    # Then the access log has one entry for it, saying how many cases were copied
    syncs, alone = sync_entries()
    assert len(syncs) == 1 and syncs[0].startswith("1 dossier naar de telefoon gekopieerd")
    assert household.reference in syncs[0] and alone == 0
    # When Today loads again and nothing changed, nothing is fetched again
    phone.reload()
    phone.wait_for_function("() => window.outreachOutbox.syncs() === 1")
    assert sync_entries() == (syncs, 0)
    # When the buddy logs a visit, the next sync fetches the household's pages again
    with SERVER_IDLE:
        VisitFactory(household=household, started_at=timezone.now(), peers=[world.buddy])
    phone.reload()
    phone.wait_for_function("() => window.outreachOutbox.syncs() === 1")
    assert len(sync_entries()[0]) == 2


def log_out(page):
    page.goto("/")
    page.click("header button >> text=Uitloggen")
    page.wait_for_url("**/accounts/login/**")


def test_kept_pages_leave_the_phone_at_logout_and_drafts_only_on_a_shared_one(phone, world):
    household_path = reverse("peer:household", args=[world.household.pk])
    visit_path = reverse("peer:visit", args=[world.household.pk])
    # Given a peer's own phone that synced their households, with a visit note typed
    log_in(phone)
    wait_until_kept(phone, household_path)
    phone.goto(visit_path)
    phone.fill("#id_notes", "Nog afmaken")
    # When they log out, the kept household pages leave the phone
    log_out(phone)
    assert not phone.is_checked("[data-shared-phone]")
    wait_until_kept(phone, household_path, kept=False)
    # But what they typed stays on their own phone for their next login, which copies the
    # pages again
    drafts = "Object.keys(localStorage).filter(k => k.includes('draft')).length"
    assert phone.evaluate(drafts) == 1
    log_in(phone)
    wait_until_kept(phone, household_path)
    # When they mark the phone shared at login, the pages and the drafts leave with them
    log_out(phone)
    log_in(phone, shared=True)
    wait_until_kept(phone, household_path)
    log_out(phone)
    wait_until_kept(phone, household_path, kept=False)
    assert phone.evaluate(drafts) == 0
    # And the phone remembers that it is shared
    assert phone.is_checked("[data-shared-phone]")


def test_another_persons_login_removes_what_was_kept_for_the_one_before(phone, world):
    household_path = reverse("peer:household", args=[world.household.pk])
    # Given peer-noord-1's phone (not shared) with their household kept and a draft typed
    log_in(phone)
    wait_until_kept(phone, household_path)
    phone.goto(reverse("peer:visit", args=[world.household.pk]))
    phone.fill("#id_notes", "Van peer-noord-1")
    log_out(phone)
    # When their buddy, who visits the same household, logs in on it
    log_in(phone, "peer-noord-2")
    # Then the draft is gone, and the household's pages are copied anew under the buddy's
    # login rather than shown from the copies of the one before
    assert phone.evaluate("Object.keys(localStorage).filter(k => k.includes('draft'))") == []
    with SERVER_IDLE:
        copiers = list(
            AccessLog.objects.filter(path=reverse("peer:sync"))
            .order_by("at", "id")
            .values_list("username", flat=True)
        )
    assert copiers == ["peer-noord-1", "peer-noord-2"]


def test_a_household_registered_offline_with_consent_and_profile_arrives_once(phone, world):
    register_path = reverse("peer:register")
    area_names_load(year=2025, rows=[("BU16740101", "Centrum-Noord"), ("BU16740201", "Kalsdonk")])
    # (references far from those the factory makes, whatever ran before)
    ReferenceCounter.objects.create(year=timezone.localdate().year, last_number=90000)
    # Given a peer whose phone synced (the registration form is kept on it too)
    log_in(phone)
    wait_until_kept(phone, register_path)
    # When there is no connection and they register a household, consent first
    go_offline(phone)
    phone.click("nav >> text=Nieuw huishouden")
    phone.wait_for_selector("h1 >> text=Nieuw huishouden")
    phone.check("#id_consent_home_visits")
    phone.check("#id_consent_data_storage")
    phone.check("#id_consent_method_2")  # said yes on the phone
    # (the health questions show only once the household agreed to them)
    assert not phone.locator("#id_physical_health_problems_1").is_visible()
    phone.check("#id_consent_special_category")
    phone.wait_for_selector("#id_physical_health_problems_1", state="visible")
    phone.fill("#id_contact_name", "Fam. Zonder Bereik")
    phone.fill("#id_postcode", "4701 AB")
    phone.select_option("#id_neighbourhood_code", label="Kalsdonk")
    phone.fill("#id_children_4_11", "2")
    phone.check("#id_paid_work_2")  # no paid work
    phone.check("#id_physical_health_problems_1")  # yes
    fits_the_screen(phone)
    screenshot(phone, "register-consent-and-profile")
    phone.click("[data-submit]")
    # Then Today shows it waiting to send, instead of the browser's error page
    phone.wait_for_url(lambda url: urlsplit(url).path == "/")
    phone.wait_for_selector("#outbox:not([hidden])")
    waiting = phone.locator("#outbox").inner_text()
    assert "Wacht op verzenden: nieuw huishouden Fam. Zonder Bereik" in waiting
    screenshot(phone, "today-household-waiting")
    with SERVER_IDLE:
        assert not Household.objects.filter(contact_name="Fam. Zonder Bereik").exists()
    # When the connection returns, it is sent, and the phone says so
    go_online(phone)
    phone.wait_for_selector("#outbox", state="hidden", timeout=15000)
    phone.wait_for_selector("#connection-state >> text=Verstuurd: nieuw huishouden")
    screenshot(phone, "today-household-sent")
    phone.wait_for_load_state("networkidle")
    with SERVER_IDLE:
        assert Household.objects.filter(contact_name="Fam. Zonder Bereik").count() == 1
    # And once only, also after reloading (which tries the outbox again)
    reload_today(phone)
    phone.wait_for_load_state("networkidle")
    with SERVER_IDLE:
        household = Household.objects.get(contact_name="Fam. Zonder Bereik")
        consents = sorted(household.consents.values_list("scope", "method"))
    assert household.registered_by == world.peer and household.status == "new"
    # with the consents it carried, and the profile as the peer entered it
    assert consents == [
        ("data_storage", "phone"),
        ("home_visits", "phone"),
        ("special_category", "phone"),
    ]
    assert household.neighbourhood_code == "BU16740201" and household.children_4_11 == 2
    assert household.no_paid_work is True and household.physical_health_problems is True
    assert phone.evaluate("window.outreachOutbox.items().length") == 0


def test_a_page_not_on_the_phone_shows_the_offline_page_with_a_way_back(phone, world):
    log_in(phone)
    wait_for_service_worker(phone)
    go_offline(phone)
    # When the peer opens a page that is not kept on the phone
    phone.goto(reverse("notifications:activity-list"))
    # Then the phone says so in Dutch, and Today is one tap away
    assert phone.locator("h1").inner_text() == "Geen verbinding"
    assert phone.locator("html").get_attribute("lang") == "nl"
    screenshot(phone, "offline-page")
    phone.click("text=Terug naar Vandaag")
    phone.wait_for_selector("h1 >> text=Vandaag")
    # The same for a household page the phone does not have
    phone.goto(reverse("peer:household", args=[world.other_household.pk]))
    assert phone.locator("h1").inner_text() == "Geen verbinding"


def test_rows_are_added_and_questions_shown_only_when_they_apply_offline(phone, world):
    household = world.household
    log_in(phone)
    wait_until_kept(phone, reverse("peer:visit", args=[household.pk]))
    # Given a visit form opened without a connection
    go_offline(phone)
    phone.goto(reverse("peer:visit", args=[household.pk]))
    phone.fill("#id_notes", "Twee wensen zonder bereik")
    phone.click("summary >> text=Wensen")
    phone.select_option("#id_wish-0-category", "sport")
    phone.fill("#id_wish-0-description", "Zwemmen")
    # When the peer adds a second wish row
    phone.click("button >> text=Nog een wens")
    phone.select_option("#id_wish-1-category", "culture")
    phone.fill("#id_wish-1-description", "Bibliotheek")
    # And checks a provision: why it was not used is asked only when it was not used
    phone.click("summary >> text=Regelingen")
    phone.select_option("#id_check-0-provision", label="Zorgtoeslag")
    phone.select_option("#id_check-0-outcome", "already_used")
    assert phone.locator("#id_check-0-non_use_reason").is_hidden()
    phone.select_option("#id_check-0-outcome", "non_use_found")
    phone.select_option("#id_check-0-non_use_reason", "shame")
    phone.select_option("#id_check-0-outcome", "not_eligible")  # changed their mind
    assert phone.locator("#id_check-0-non_use_reason").is_hidden()
    screenshot(phone, "visit-form-rows")
    phone.click("[data-submit]")
    phone.wait_for_selector("#outbox:not([hidden])")
    # Then, back online, it arrives once with both wishes, and the hidden answer was not sent
    go_online(phone)
    phone.wait_for_selector("#outbox", state="hidden", timeout=15000)
    phone.wait_for_selector("#connection-state >> text=Verstuurd: bezoek")
    phone.wait_for_load_state("networkidle")
    with SERVER_IDLE:
        assert Visit.objects.filter(notes="Twee wensen zonder bereik").count() == 1
        wishes = household.wishes.filter(description__in=["Zwemmen", "Bibliotheek"])
        assert wishes.count() == 2
        check = household.provision_checks.get(
            provision__name="Zorgtoeslag", outcome="not_eligible"
        )
        assert check.non_use_reason == ""


def test_a_visit_waiting_for_a_case_no_longer_mine_leaves_the_phone_with_a_notice(phone, world):
    household = world.household
    log_in(phone)
    wait_for_service_worker(phone)
    # Given a visit logged offline
    phone.goto(reverse("peer:visit", args=[household.pk]))
    go_offline(phone)
    phone.fill("#id_notes", "Voor een ander huishouden nu")
    phone.click("[data-submit]")
    phone.wait_for_selector("#outbox:not([hidden])")
    # When the case was reassigned before the phone is back online
    with SERVER_IDLE:
        case_assign(
            household=household, lead=world.other_peer, buddy=None, reason="test",
            assigned_by=world.coordinator,
        )  # fmt: skip
    go_online(phone)
    # Then the server refuses it, it leaves the phone, and the peer is told to tell the coordinator
    phone.wait_for_selector("#outbox", state="hidden", timeout=15000)
    assert "coördinator" in phone.locator("#connection-state").inner_text()
    assert phone.evaluate("window.outreachOutbox.items().length") == 0
    with SERVER_IDLE:
        assert not Visit.objects.filter(notes="Voor een ander huishouden nu").exists()


def test_a_waiting_visit_the_server_refuses_becomes_a_draft_again(phone, world):
    household = world.household
    log_in(phone)
    wait_for_service_worker(phone)
    # Given a visit logged offline with a check of a provision
    phone.goto(reverse("peer:visit", args=[household.pk]))
    go_offline(phone)
    phone.fill("#id_notes", "Met een regeling die net verdween")
    phone.click("summary >> text=Regelingen")
    phone.select_option("#id_check-0-provision", label="Zorgtoeslag")
    phone.select_option("#id_check-0-outcome", "non_use_found")
    phone.click("[data-submit]")
    phone.wait_for_selector("#outbox:not([hidden])")
    # And the provision is taken out of the catalogue before the phone is back online
    with SERVER_IDLE:
        Provision.objects.filter(name="Zorgtoeslag").update(active=False)
    # When it is sent, the server refuses it: the peer is told, and nothing typed is lost
    go_online(phone)
    phone.wait_for_selector("#connection-state >> text=aangepast", timeout=15000)
    assert phone.locator("#outbox").is_hidden()
    phone.goto(reverse("peer:visit", args=[household.pk]))
    assert phone.input_value("#id_notes") == "Met een regeling die net verdween"
    with SERVER_IDLE:
        assert not Visit.objects.filter(notes="Met een regeling die net verdween").exists()


def test_a_visit_saved_after_the_login_ended_waits_and_is_sent_after_logging_in(phone, world):
    household = world.household
    log_in(phone)
    phone.goto(reverse("peer:visit", args=[household.pk]))
    phone.fill("#id_notes", "Na een lange dag")
    # Given the login ended while the form was open
    phone.context.clear_cookies(name="sessionid")
    # When the peer saves
    phone.click("[data-submit]")
    # Then they are asked to log in, and the visit waits on the phone
    phone.wait_for_url("**/accounts/login/**")
    assert phone.evaluate("window.outreachOutbox.items().length") == 1
    with SERVER_IDLE:
        assert not Visit.objects.filter(notes="Na een lange dag").exists()
    # When they log in again, it is sent, once
    phone.fill("#id_username", "peer-noord-1")
    phone.fill("#id_password", PASSWORD)
    phone.click("button[type=submit] >> text=Inloggen")
    phone.wait_for_url("**/")
    wait_for_sync(phone)
    phone.wait_for_function("() => window.outreachOutbox.items().length === 0")
    phone.wait_for_load_state("networkidle")
    with SERVER_IDLE:
        assert Visit.objects.filter(notes="Na een lange dag").count() == 1


def test_search_on_today_works_offline_on_the_kept_list(phone, world):
    with SERVER_IDLE:
        second = HouseholdFactory(team=world.household.team, contact_name="Jansen")
        AssignmentFactory(household=second, lead=world.peer)
    log_in(phone)
    wait_for_service_worker(phone)
    reload_today(phone)
    go_offline(phone)
    phone.fill("#id_q", "jansen")
    phone.click("button[type=submit] >> text=Zoeken")
    assert phone.locator("[data-household-list] > li:visible").count() == 1
    assert "Jansen" in phone.locator("[data-household-list] > li:visible").inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_double_tap_on_save_makes_one_visit(browser, live_server, world, javascript):
    context = browser.new_context(
        viewport=PHONE, locale="nl-NL", base_url=live_server.url, java_script_enabled=javascript
    )
    page = context.new_page()
    log_in(page, javascript=javascript)
    page.goto(reverse("peer:visit", args=[world.household.pk]))
    page.fill("#id_notes", "Twee keer getikt")
    page.dblclick("[data-submit]")
    household_page = f"**{reverse('peer:household', args=[world.household.pk])}"
    try:
        page.wait_for_url(household_page)
    except PlaywrightError as error:
        # Without JavaScript the second tap sends the form again and the browser aborts the
        # first navigation: wait for the one that follows.
        if "ERR_ABORTED" not in str(error):
            raise
        page.wait_for_url(household_page)
    page.wait_for_load_state("networkidle")
    with SERVER_IDLE:
        assert Visit.objects.filter(notes="Twee keer getikt").count() == 1
    context.close()


def test_a_conflicting_change_is_shown_with_both_values(phone, world):
    wish = world.household.wishes.get()
    log_in(phone)
    phone.goto(reverse("peer:visit", args=[world.household.pk]))
    # Given the buddy moves the wish on while the peer has the form open
    with SERVER_IDLE:
        wish_update(wish=wish, changed_by=world.buddy, data={"status": "in_progress"})
    # When the peer marks the same wish realised
    phone.click("summary >> text=Wensen")
    phone.select_option(f"#id_wish_{wish.pk}_status", "realised")
    phone.click("[data-submit]")
    # Then both values are shown to choose from, and the buddy's value still stands
    phone.wait_for_selector("text=Kies wat klopt")
    conflict = phone.locator(".conflict").inner_text()
    screenshot(phone, "conflict")
    with SERVER_IDLE:
        wish.refresh_from_db()
    assert wish.status == "in_progress"
    with translation.override("nl"):  # the phone's language, whatever another test left active
        assert wish.get_status_display() in conflict
    assert "Gerealiseerd" in conflict or "Gelukt" in conflict or "realised" not in conflict


def test_a_visit_sent_later_that_clashes_is_marked_on_today(phone, world):
    wish = world.household.wishes.get()
    log_in(phone)
    wait_for_service_worker(phone)
    # Given the peer marks a wish realised in a visit logged offline
    phone.goto(reverse("peer:visit", args=[world.household.pk]))
    go_offline(phone)
    phone.click("summary >> text=Wensen")
    phone.select_option(f"#id_wish_{wish.pk}_status", "realised")
    phone.fill("#id_notes", "Zonder bereik: het voetballen is gelukt")
    phone.click("[data-submit]")
    phone.wait_for_selector("#outbox:not([hidden])")
    # And meanwhile the buddy gave the same wish up
    with SERVER_IDLE:
        wish_update(wish=wish, changed_by=world.buddy, data={"status": "abandoned"})
    # When the visit is sent
    go_online(phone)
    phone.wait_for_selector("#outbox", state="hidden", timeout=15000)
    reload_today(phone)
    # Then Today shows a clash to choose, and the buddy's value still stands
    phone.wait_for_selector("text=1 wijziging botst: kies wat klopt")
    screenshot(phone, "today-clash")
    with SERVER_IDLE:
        wish.refresh_from_db()
    assert wish.status == "abandoned"


def test_english_is_one_tap_away(phone, world):
    log_in(phone)
    phone.click("header button >> text=EN")
    phone.wait_for_selector("h1 >> text=Today")
    assert phone.locator("html").get_attribute("lang") == "en"
    screenshot(phone, "today-english")


def test_what_is_typed_survives_a_reload(phone, world):
    log_in(phone)
    url = reverse("peer:visit", args=[world.household.pk])
    phone.goto(url)
    phone.fill("#id_notes", "Half getypt verhaal")
    phone.check("input[name=duration_minutes][value='60']")
    phone.reload()
    assert phone.input_value("#id_notes") == "Half getypt verhaal"
    assert phone.is_checked("input[name=duration_minutes][value='60']")


def test_a_routine_visit_takes_at_most_six_taps_besides_the_notes(phone, world):
    household = world.household
    log_in(phone)
    taps = 0

    def tap(selector):
        nonlocal taps
        taps += 1
        phone.click(selector)

    # Given Today; when the peer logs a phone call with their buddy, of an hour, changing
    # everything a routine visit may change
    tap(f"text={household.reference}")
    tap("text=Bezoek vastleggen")
    tap("label >> text=Telefoongesprek")
    tap("label >> text=peer-noord-2 was er ook bij")
    tap("label >> text=60 min")
    phone.fill("#id_notes", "Even gebeld")
    tap("[data-submit]")
    phone.wait_for_selector("text=Bezoek opgeslagen.")
    # Then it took six taps and the notes, and the visit is as tapped
    assert taps <= 6
    with SERVER_IDLE:
        visit = Visit.objects.get(notes="Even gebeld")
        assert (visit.kind, visit.duration_minutes, visit.peers.count()) == ("phone_call", 60, 2)


TOO_SMALL = """() => Array.from(document.querySelectorAll(
    "main a, main button, main input, main select, main textarea, main summary, header a, "
    + "header button"))
  .filter((el) => el.offsetParent !== null && el.type !== "hidden")
  .map((el) => {
    // A radio button or checkbox is tapped through its label.
    const small = el.type === "radio" || el.type === "checkbox";
    const target = small && el.labels.length ? el.labels[0] : el;
    const box = target.getBoundingClientRect();
    return [el.tagName, el.name || el.textContent.trim().slice(0, 40), box.width, box.height];
  })
  .filter(([tag, name, width, height]) => width < 44 || height < 44)"""


def test_every_touch_target_is_at_least_44_px_and_nothing_comes_from_elsewhere(
    phone, world, live_server
):
    household = world.household
    log_in(phone)
    pages = {
        "today": "/",
        "household": reverse("peer:household", args=[household.pk]),
        "visit": reverse("peer:visit", args=[household.pk]),
        "consent": reverse("peer:consent", args=[household.pk]),
        "register": reverse("peer:register"),
    }
    too_small = {}
    for name, url in pages.items():
        phone.goto(url)
        phone.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        too_small[name] = phone.evaluate(TOO_SMALL)
        assert fits_the_screen(phone), name
    screenshot(phone, "register")
    phone.goto(pages["consent"])
    screenshot(phone, "consent")
    assert {name: found for name, found in too_small.items() if found} == {}
    assert all(url.startswith(live_server.url) for url in phone.requests), phone.requests


def test_a_waiting_visit_is_only_sent_with_the_login_of_who_logged_it(phone, world):
    household = world.household
    log_in(phone)
    wait_for_service_worker(phone)
    # Given a visit logged offline by peer-noord-1, whose login then ends
    phone.goto(reverse("peer:visit", args=[household.pk]))
    go_offline(phone)
    phone.fill("#id_notes", "Van peer-noord-1")
    phone.click("[data-submit]")
    phone.wait_for_selector("#outbox:not([hidden])")
    phone.context.clear_cookies(name="sessionid")
    go_online(phone)
    # When their buddy logs in on the same phone
    log_in(phone, "peer-noord-2")
    phone.wait_for_load_state("networkidle")
    # Then the visit is neither shown nor sent under the buddy's login
    assert phone.locator("#outbox").is_hidden()
    with SERVER_IDLE:
        assert not Visit.objects.filter(notes="Van peer-noord-1").exists()
    # When peer-noord-1 logs in again, it is sent, as theirs
    phone.context.clear_cookies(name="sessionid")
    log_in(phone)
    phone.wait_for_function("() => window.outreachOutbox.items().length === 0")
    phone.wait_for_load_state("networkidle")
    with SERVER_IDLE:
        assert Visit.objects.get(notes="Van peer-noord-1").recorded_by == world.peer


def violations(page):
    """Every WCAG 2.1 A and AA violation, whatever its impact (the walk over every page of
    each role is in test_accessibility.py; here the phone's own states: extra rows in the
    visit form, the offline page, a form with errors)."""
    # Evaluated by the test driver, not added as an inline script tag, which the page's
    # Content-Security-Policy (rightly) refuses.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "tag",
             values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})"""
    )
    return [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
    ]


@pytest.mark.skipif(not AXE.exists(), reason="axe-core not installed: run npm ci")
def test_peer_pages_meet_wcag_21_aa(phone, world):
    household = world.household
    pages = {
        "login": "/accounts/login/",
        "today": "/",
        "household": reverse("peer:household", args=[household.pk]),
        "visit": reverse("peer:visit", args=[household.pk]),
        "consent": reverse("peer:consent", args=[household.pk]),
        "register": reverse("peer:register"),
    }
    # An overdue follow-up on Today, in words and colour
    with SERVER_IDLE:
        late = FollowUpFactory(household=household, responsible=world.peer, description="Bellen")
        FollowUp.objects.filter(pk=late.pk).update(
            due_date=timezone.localdate() - timedelta(days=3)
        )
    found = {}
    phone.goto(pages.pop("login"))
    found["login"] = violations(phone)
    found["offline page"] = []
    log_in(phone)
    assert "3 dagen te laat" in phone.locator("main").inner_text()
    for name, url in pages.items():
        phone.goto(url)
        phone.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        if name == "visit":
            # With a second row of each, and the question that applies shown
            for label in ("Nog een wens", "Nog een regeling nalopen", "Nog een actie"):
                phone.click(f"button >> text={label}")
            phone.select_option("#id_check-1-outcome", "non_use_found")
        found[name] = violations(phone)
    wait_for_service_worker(phone)
    go_offline(phone)
    phone.goto(reverse("notifications:activity-list"))
    phone.wait_for_selector("h1 >> text=Geen verbinding")
    found["offline page"] = violations(phone)
    go_online(phone)
    # A form with errors, as a peer would see it
    phone.goto(reverse("peer:register"))
    phone.click("button[type=submit] >> text=Opslaan")
    phone.wait_for_selector("#error-summary")
    # The errors are announced first: the summary has the focus
    phone.wait_for_function("() => document.activeElement.id === 'error-summary'")
    screenshot(phone, "register-errors")
    found["register with errors"] = violations(phone)
    assert {name: v for name, v in found.items() if v} == {}
