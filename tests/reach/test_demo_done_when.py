"""The municipality's demo, as promised: `gemeente` sees the dashboard for the last four
quarters, downloads the XLSX, and a district with only a few households (the demo's
BU16740901, in WK167409) shows suppressed cells, not numbers."""

from io import BytesIO

from django.conf import settings
from openpyxl import load_workbook

from demo.seed import seed_demo
from reach.models import ReachCell
from reach.periods import periods_touching
from reach.services import history_start


def test_gemeente_in_the_demo_sees_four_quarters_downloads_xlsx_and_a_hidden_district(client, db):
    # Given the demo, seeded today (it refreshes the figures itself)
    from django.utils import timezone

    seed_demo()
    today = timezone.localdate()
    login = {"username": "gemeente", "password": settings.DEMO_PASSWORD}
    assert client.post("/accounts/login/", login).status_code == 302
    # When the policy officer opens the start page
    page = client.get("/").content.decode()
    # Then the trend shows the last four quarters, each with a number of households reached
    quarters = [p for p in periods_touching(history_start(today), today) if "-Q" in p][-4:]
    trend = page[page.index('id="trend-title"') : page.index('id="district-title"')]
    for quarter in quarters:
        assert quarter in trend
    reached_row = trend[trend.index("<th", trend.index("<tbody")) :]
    reached_row = reached_row[: reached_row.index("</tr>")]
    assert reached_row.count("verborgen") < 4
    # And the tiny district's row is hidden, not a number
    district = page[page.index('id="district-title"') :]
    row = district[district.index("WK167409") : district.index("</tr>", district.index("WK167409"))]
    assert "verborgen" in row
    # And the activities and messages of the demo cooking group (six people) are hidden too
    activities = page[page.index('id="activities-title"') :]
    assert "verborgen" in activities[: activities.index("</section>")]
    # When they download the figures per district as XLSX
    response = client.get("/api/v1/reach/?format=xlsx&period=quarter&area=district")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    body = b"".join(response) if response.streaming else response.content
    workbook = load_workbook(BytesIO(body))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    # Then the tiny district's cells are marked suppressed, with no value
    area, value, hidden = header.index("gebied"), 7, 8
    tiny = [row for row in rows[1:] if row[area] == "WK167409"]
    assert tiny and all(row[value] is None and row[hidden] == "ja" for row in tiny)
    # And the figures of the last four quarters are there for the whole municipality
    whole = {row[0] for row in rows[1:]}
    assert set(quarters) <= whole
    # And the demo tells a consistent story: wherever both are published, no more
    # households visited than reached (every period, area and team)
    cells = ReachCell.objects.filter(breakdown="", suppressed=False)
    reached = {
        (c.period, c.area, c.team_id): c.value for c in cells.filter(measure="households_reached")
    }
    visited = {
        (c.period, c.area, c.team_id): c.value for c in cells.filter(measure="households_active")
    }
    both = reached.keys() & visited.keys()
    assert len(both) > 20
    assert [key for key in both if visited[key] > reached[key]] == []
    # And the key outcome, hidden in a quarter, shows for a whole year, with last year beside
    # this one on the page
    yearly = cells.filter(measure="share_more_active", period_kind="year", area="GM1674")
    assert yearly.filter(team_id__isnull=True).exists()
    year = page[page.index('id="year-title"') :]
    year = year[: year.index("</section>")]
    assert f"{today.year - 1}" in year and "Verschil met vorig jaar" in year
    assert "actiever" in year
