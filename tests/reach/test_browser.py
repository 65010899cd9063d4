"""In a real browser: the municipality logs in, reads the dashboard, downloads the XLSX."""

import os
import shutil
from datetime import date

import pytest
from openpyxl import load_workbook

from outreach.services.areas import area_names_load
from reach.services import reach_refresh
from tests.factories import PASSWORD, HouseholdFactory
from tests.reach.helpers import TODAY, moment

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


@pytest.fixture
def two_years(fixed_data):
    """The fixed data set, 12 Noord households in WK167401 open since March 2025, and the CBS
    names of the districts."""
    for _ in range(12):
        HouseholdFactory(team=fixed_data.household.team, neighbourhood_code="BU16740101",
                         created_at=moment(date(2025, 3, 1)))  # fmt: skip
    area_names_load(
        year=2025,
        rows=[("WK167401", "Centrum"), ("WK167403", "Kroeven"), ("WK167409", "Buitengebied")],
    )
    reach_refresh(municipality=fixed_data.household.team.municipality, today=TODAY)
    return fixed_data


def test_the_dashboard_names_districts_compares_years_and_explains_hidden_figures(
    transactional_db, two_years, live_server, browser_page
):
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", two_years.municipality_user.username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    # The legend says in words what a hidden figure means, with the actual minimum
    legend = page.locator(".reach-legend")
    assert "Verborgen: minder dan 10 huishoudens." in legend.inner_text()
    # The districts by name: in the chart, and in the table with the CBS code beside it
    districts = page.locator("section", has=page.locator("#district-title"))
    chart = districts.locator("svg").text_content()
    assert "Centrum" in chart and "Kroeven" in chart and "WK167401" not in chart
    row = districts.locator("tr", has_text="Centrum")
    assert "(WK167401)" in row.inner_text()
    # This year beside the whole of last year, with the difference
    year = page.locator("section", has=page.locator("#year-title"))
    assert year.get_by_role("heading", name="Dit jaar en vorig jaar (2025 en 2026)").is_visible()
    header = year.locator("table").first.locator("thead").inner_text()
    assert "2025" in header and "2026 (tot en met" in header
    assert "Verschil met vorig jaar" in header
    new = year.locator("tr", has_text="Nieuw").first.inner_text().split()
    assert new == ["Nieuw", "10", "30", "+20"]
