"""The composer in a real browser: the length count follows the text as it is typed."""

import os

import pytest
from django.test import Client

from notifications.models import OutboxMessage
from tests.notifications.helpers import make_group

pytestmark = pytest.mark.skipif(
    not os.path.exists("/usr/bin/chromium"), reason="Debian's Chromium is not installed"
)


@pytest.fixture
def browser_page(live_server, transactional_db, world):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls made by the
    # test around it are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    client = Client()
    client.force_login(world.coordinator)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
        context = browser.new_context(locale="nl-NL")
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                              "url": live_server.url}])  # fmt: skip
        yield context.new_page()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_composer_counts_characters_and_segments_while_typing(browser_page, live_server, world):
    group = make_group(world.household.team)
    page = browser_page
    page.goto(f"{live_server.url}/notifications/activities/{group.activity.pk}/compose/")
    page.fill("#body", "a" * 161)
    # counted as sent: with the opt-out line the text has not got
    assert "188 tekens · 2 sms'jes (GSM-7)" in page.text_content("#count")
    page.fill("#body", "Bedankt! 😀")
    assert "(UCS-2)" in page.text_content("#count")


def test_the_live_count_is_the_count_of_the_message_sent(browser_page, live_server, world):
    # Given a group whose longest first name is Fatima
    group = make_group(world.household.team)
    page = browser_page
    page.goto(f"{live_server.url}/notifications/activities/{group.activity.pk}/compose/")
    # When the coordinator types a text with {name}
    body = "Hoi {name}, " + "a" * 130
    page.fill("#body", body)
    live = page.text_content("#count")
    # Then the page counts the message Fatima gets, opt-out line included
    with page.expect_navigation():
        page.click("form:has(#body) button[type=submit]")
    sent = OutboxMessage.objects.get(participant=group.regular)
    assert sent.body.startswith("Hoi Fatima, aaa") and sent.body.endswith("Stuur STOP.")
    assert f"{len(sent.body)} tekens · {sent.segments} sms'jes (GSM-7)" in live
