"""The phone they may share, in a real browser (Chromium at 360 px): the app lock closes the
pages after the idle time (a few seconds here) and shows nothing of a household until the
PIN is given, wrong PINs are limited, kept pages are not shown offline while locked or after
logging out, logging out with unsent items asks first, and Today's line says when the phone
was brought up to date and what waits to be sent."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from outreach.models import Visit
from outreach.services.phone_lock import phone_pin_set
from tests.browser.phone import (  # noqa: F401 (pytestmark: the phone tests' marks)
    SERVER_IDLE,
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

PIN = "40719"
VISITS = "**/households/*/visit/"


@pytest.fixture
def pin(world, settings):
    # Given peer-noord-1 set a PIN, and the pages lock after a few seconds unused
    settings.PHONE_LOCK_IDLE_SECONDS = 4
    phone_pin_set(user=world.peer, pin=PIN)
    return PIN


def wait_for_lock_screen(page):
    page.wait_for_url(lambda url: urlsplit(url).path == reverse("phone:unlock"), timeout=20_000)
    page.wait_for_selector("form[data-unlock]")


def test_the_lock_screen_appears_after_the_idle_time_and_pages_wait_for_the_pin(phone, world, pin):
    household = world.household
    household_path = reverse("peer:household", args=[household.pk])
    log_in(phone, javascript=False)
    phone.goto(household_path)
    assert household.contact_name in phone.content()
    # When the phone lies unused for longer than the idle time
    wait_for_lock_screen(phone)
    # Then the lock screen shows, with nothing of the household
    assert "De app is vergrendeld" in phone.content()
    assert household.contact_name not in phone.content()
    assert household.reference not in phone.content()
    screenshot(phone, "lock-screen")
    # And opening the household page, or going back to it, shows the lock screen instead
    phone.goto(household_path)
    assert household.contact_name not in phone.content()
    assert phone.locator("form[data-unlock]").count() == 1
    phone.go_back()
    assert household.contact_name not in phone.content()
    # When the PIN is given
    phone.goto(household_path)
    phone.fill("#id_pin", PIN)
    phone.click("button >> text=Ontgrendelen")
    # Then the household page shows again
    phone.wait_for_url(lambda url: urlsplit(url).path == household_path)
    assert household.contact_name in phone.content()


def test_wrong_pins_are_limited_and_then_only_the_password_helps(phone, world, pin):
    log_in(phone, javascript=False)
    wait_for_lock_screen(phone)
    # When four wrong PINs are given, the lock stays and says how often the peer may try
    for left in (4, 3, 2, 1):
        phone.fill("#id_pin", "11112")
        phone.click("button >> text=Ontgrendelen")
        phone.wait_for_selector(f"text=Je kunt het nog {left} keer proberen")
    # When the fifth is wrong too
    phone.fill("#id_pin", "11112")
    phone.click("button >> text=Ontgrendelen")
    # Then the login has ended: the login page says why
    phone.wait_for_url("**/accounts/login/**")
    assert "Te vaak een verkeerde pincode" in phone.content()
    phone.goto("/")
    phone.wait_for_url("**/accounts/login/**")
    assert world.household.contact_name not in phone.content()


def test_kept_pages_are_not_shown_offline_while_locked_or_after_logging_out(
    phone, world, pin, settings
):
    # (Locked by hand below: the timer must not lock while the first sync still runs.)
    settings.PHONE_LOCK_IDLE_SECONDS = 120
    household = world.household
    household_path = reverse("peer:household", args=[household.pk])
    # Given a peer's own phone that keeps their households for offline use
    log_in(phone)
    wait_for_service_worker(phone)
    wait_until_kept(phone, household_path)
    # When the pages lock (the timer, here at once) and the connection drops
    phone.evaluate("window.outreachOutbox.lockNow()")
    wait_for_lock_screen(phone)
    go_offline(phone)
    # Then the kept household page is not shown, but a page that says why
    phone.goto(household_path)
    assert household.contact_name not in phone.content()
    assert "Vergrendeld" in phone.content()
    screenshot(phone, "locked-offline")
    # When the connection returns and the PIN is given, the pages show again, offline too
    go_online(phone)
    phone.goto(reverse("phone:unlock"))
    phone.fill("#id_pin", PIN)
    phone.click("button >> text=Ontgrendelen")
    phone.wait_for_url(lambda url: urlsplit(url).path == "/")
    wait_for_sync(phone)
    go_offline(phone)
    phone.goto(household_path)
    assert household.contact_name in phone.content()
    # When the peer logs out (online), the copies stay on their own phone but are not shown
    go_online(phone)
    phone.goto("/")
    phone.click("header button >> text=Uitloggen")
    phone.wait_for_url("**/accounts/login/**")
    wait_until_kept(phone, household_path)
    go_offline(phone)
    phone.goto(household_path)
    assert household.contact_name not in phone.content()


def save_a_visit_that_cannot_go_out(phone, world, notes):
    phone.route(VISITS, lambda route: route.abort())
    phone.goto(reverse("peer:visit", args=[world.household.pk]))
    phone.fill("#id_notes", notes)
    phone.click("[data-submit]")
    phone.wait_for_url(lambda url: urlsplit(url).path == "/")
    phone.wait_for_function("() => window.outreachOutbox.items().length === 1")


def test_logging_out_with_unsent_items_asks_what_to_do_with_them(phone, world):
    # Given a peer whose visit could not be sent yet
    log_in(phone)
    save_a_visit_that_cannot_go_out(phone, world, "Nog te versturen")
    # When they log out, the phone asks first, and has not logged out
    phone.click("header button >> text=Uitloggen")
    check = phone.locator("#logout-check")
    check.wait_for()
    assert "1 ding op deze telefoon is nog niet verstuurd" in check.inner_text()
    screenshot(phone, "logout-check")
    assert urlsplit(phone.url).path == "/"
    # When the connection to the server works again and they choose to send first
    phone.unroute(VISITS)
    phone.click("button >> text=Eerst versturen")
    # Then it is sent, and then they are logged out
    phone.wait_for_url("**/accounts/login/**")
    assert phone.evaluate("window.outreachOutbox.items().length") == 0
    with SERVER_IDLE:
        assert Visit.objects.filter(notes="Nog te versturen").count() == 1
    # And when another visit is waiting and they choose to throw it away, it leaves the phone
    log_in(phone)
    save_a_visit_that_cannot_go_out(phone, world, "Weggooien")
    phone.click("header button >> text=Uitloggen")
    phone.click("button >> text=Weggooien en uitloggen")
    phone.wait_for_url("**/accounts/login/**")
    assert phone.evaluate("window.outreachOutbox.items().length") == 0
    phone.unroute(VISITS)
    with SERVER_IDLE:
        assert not Visit.objects.filter(notes="Weggooien").exists()


def test_todays_line_shows_what_waits_offline_and_up_to_date_after_sending(phone, world):
    household = world.household
    state = "#sync-state"
    # Given a peer whose phone synced
    log_in(phone)
    wait_for_service_worker(phone)
    reload_today(phone)
    phone.wait_for_selector(f"{state} >> text=Bijgewerkt:")
    assert "Alles is verstuurd." in phone.locator(state).inner_text()
    # When they log a visit without a connection
    phone.goto(reverse("peer:visit", args=[household.pk]))
    go_offline(phone)
    phone.fill("#id_notes", "Zonder bereik")
    phone.click("[data-submit]")
    phone.wait_for_url(lambda url: urlsplit(url).path == "/")
    # Then Today says what waits, by kind
    phone.wait_for_selector(f"{state} >> text=Wacht op verzenden: 1 bezoek")
    assert "Bijgewerkt:" in phone.locator(state).inner_text()
    screenshot(phone, "sync-state-waiting")
    # When the connection returns but the server cannot be reached yet, it keeps waiting
    phone.route(VISITS, lambda route: route.abort())
    go_online(phone)
    phone.wait_for_selector("[data-send-now]:visible")
    assert "Wacht op verzenden: 1 bezoek" in phone.locator(state).inner_text()
    # When the peer taps "send now" once it can
    phone.unroute(VISITS)
    phone.click("[data-send-now]")
    # Then it is sent, and the phone is up to date
    phone.wait_for_selector(f"{state} >> text=Alles is verstuurd.")
    assert "Bijgewerkt:" in phone.locator(state).inner_text()
    phone.wait_for_load_state("networkidle")
    with SERVER_IDLE:
        assert Visit.objects.filter(notes="Zonder bereik").count() == 1
