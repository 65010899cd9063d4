"""In a real browser: the municipality logs in, reads the dashboard, downloads the XLSX."""

import os
import shutil

import pytest
from openpyxl import load_workbook

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="needs Debian's Chromium")


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop; the live server's ORM calls happen in another thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = browser.new_context(accept_downloads=True, locale="nl-NL")
        yield context.new_page()
        browser.close()


def test_the_municipality_reads_the_dashboard_and_downloads_the_xlsx(
    transactional_db, refreshed, live_server, browser_page
):
    page = browser_page
    # Given the municipality's policy officer logs in
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", refreshed.municipality_user.username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    # Then they land on the figures: charts, tables and the note on what is hidden
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("svg[role=img]").count() >= 4
    assert page.locator("text=Wat u hier ziet").is_visible()
    district_row = page.locator("tr", has_text="WK167409").first
    assert "verborgen" in district_row.inner_text()
    # When they download the figures per district as a spreadsheet
    with page.expect_download() as download_info:
        page.locator("a[href*='format=xlsx'][href*='area=district']").first.click()
    download = download_info.value
    # Then it opens as a workbook with the suppressed cells marked
    with open(download.path(), "rb") as file:
        workbook = load_workbook(file)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    tiny = [row for row in rows if row[1] == "WK167409"]
    assert tiny and all(row[7] is None and row[8] == "ja" for row in tiny)
