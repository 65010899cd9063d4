"""The dashboard page: who sees it, what it shows, and that it reads only the store."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from outreach.models import Municipality
from outreach.services.areas import area_names_load
from reach.charts import bar_chart
from reach.services import reach_refresh
from tests.factories import HouseholdFactory, TeamFactory
from tests.reach.helpers import TODAY, case_tables, moment

URL = "/reach/"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("peer", 404),
        ("other_peer", 404),
        ("coordinator", 200),
        ("other_coordinator", 200),
        ("municipality_user", 200),
        ("admin", 200),
    ],
)
def test_the_dashboard_answers_each_role_as_designed(client, refreshed, role, status):
    client.force_login(getattr(refreshed, role))
    assert client.get(URL).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, refreshed):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_municipality_lands_on_its_figures(client, refreshed):
    client.force_login(refreshed.municipality_user)
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bereikcijfers" in page and "<svg" in page
    # The last (up to four) quarters, with a table beside the chart
    for quarter in ("2026-Q1", "2026-Q2", "2026-Q3"):
        assert quarter in page
    # The tiny district shows as hidden, not as a number, and the note says why
    district = page[page.index('id="district-title"') :]
    row = district[district.index("WK167409") : district.index("</tr>", district.index("WK167409"))]
    assert "verborgen" in row
    assert "herkenbaar" in page
    # Downloads of every fixed table
    assert "format=xlsx&amp;period=quarter&amp;area=district" in page


def district_row(page: str, code: str) -> str:
    district = page[page.index('id="district-title"') :]
    return district[district.index(code) : district.index("</tr>", district.index(code))]


def test_a_refresh_shows_at_once_though_the_figures_are_kept_between_requests(client, refreshed):
    # Given the dashboard seen once, the tiny district hidden
    client.force_login(refreshed.municipality_user)
    assert "verborgen" in district_row(client.get(URL).content.decode(), "WK167409")
    # When nine more households join that district and the figures are refreshed
    for _ in range(9):
        HouseholdFactory(team=refreshed.household.team, neighbourhood_code="BU16740901",
                         created_at=moment(date(2026, 2, 15)))  # fmt: skip
    reach_refresh(municipality=refreshed.household.team.municipality, today=TODAY)
    # Then the next request shows the district's figure, no longer hidden
    assert "verborgen" not in district_row(client.get(URL).content.decode(), "WK167409")


def test_the_page_never_touches_a_case_table(client, refreshed):
    forbidden = case_tables()
    for user in (refreshed.municipality_user, refreshed.coordinator, refreshed.admin):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        assert not [table for table in forbidden if f'"{table}"' in sql]


def test_a_coordinator_sees_only_their_own_team(client, refreshed):
    client.force_login(refreshed.coordinator)
    page = client.get(URL).content.decode()
    assert refreshed.household.team.name in page
    assert refreshed.other_household.team.name not in page
    assert "Alle teams" not in page
    other = refreshed.other_household.team_id
    assert client.get(URL, {"team": other}).status_code == 404


def test_an_admin_first_chooses_a_municipality(client, refreshed):
    elsewhere = Municipality.objects.create(code="GM0363", name="Amsterdam")
    HouseholdFactory(team=TeamFactory(municipality=elsewhere))
    reach_refresh(municipality=elsewhere, today=TODAY)
    client.force_login(refreshed.admin)
    page = client.get(URL).content.decode()
    assert "?municipality=GM0363" in page and "?municipality=GM1674" in page
    chosen = client.get(URL, {"municipality": "GM0363"}).content.decode()
    assert "Amsterdam" in chosen and "Roosendaal" not in chosen


def test_before_the_first_refresh_the_page_says_so(client, world):
    client.force_login(world.municipality_user)
    assert "nog geen cijfers" in client.get(URL).content.decode()


def test_the_page_speaks_english_too(client, refreshed):
    client.force_login(refreshed.municipality_user)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Reach figures" in page and "hidden" in page


def test_activities_and_messages_are_shown_per_quarter(client, activity_data):
    # Given the cooking and walking groups of the fixed data set (see test_activity_figures)
    client.force_login(activity_data.municipality_user)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = page[page.index('id="activities-title"') :]
    section = section[: section.index("</section>")]
    # Then the quarter's sessions held and regular participants are there; the delivery
    # rate (11 of 14, so 3 not delivered) is hidden with the footnote that says why
    row = section[section.index("Sessions held") :]
    assert "<td" in row and "79%" not in section
    delivered = section[section.index("Delivered") :]
    assert "hidden<sup>4</sup>" in delivered[: delivered.index("</tr>")]
    assert "Regular participants" in section and "Text messages sent" in section


@pytest.fixture
def two_years(fixed_data):
    """The fixed data set, 12 Noord households in WK167401 open since March 2025, one
    household without a neighbourhood, and the CBS names of the districts."""
    noord = fixed_data.household.team
    for _ in range(12):
        HouseholdFactory(team=noord, neighbourhood_code="BU16740101",
                         created_at=moment(date(2025, 3, 1)))  # fmt: skip
    HouseholdFactory(team=noord, neighbourhood_code="", created_at=moment(date(2026, 3, 1)))
    area_names_load(
        year=2025,
        rows=[("WK167401", "Centrum"), ("WK167403", "Kroeven"), ("WK167409", "Buitengebied")],
    )
    reach_refresh(municipality=noord.municipality, today=TODAY)
    return fixed_data


def section(page: str, title_id: str) -> str:
    start = page.index(f'id="{title_id}"')
    return page[start : page.index("</section>", start)]


def readable(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_districts_show_by_name_with_the_same_words_in_chart_and_table(client, two_years):
    client.force_login(two_years.municipality_user)
    district = section(client.get(URL).content.decode(), "district-title")
    chart = district[district.index("<svg") : district.index("</svg>")]
    table = district[district.index("<table") :]
    # The chart names the districts, no CBS code; the table has the code beside the name
    for name in ("Centrum", "Kroeven", "Buitengebied", "Wijk onbekend"):
        assert f">{name}<" in chart
        assert f">{name}" in table
    assert "WK16740" not in chart
    assert 'Centrum <span class="reach-code">(WK167401)</span>' in table
    # And nothing in English: the district without a neighbourhood is "Wijk onbekend" in both
    assert "unknown" not in readable(district)


def test_this_year_stands_beside_last_year_with_the_change(client, two_years):
    client.force_login(two_years.municipality_user)
    year = section(client.get(URL).content.decode(), "year-title")
    text = readable(year)
    assert "Dit jaar en vorig jaar (2025 en 2026)" in text
    assert "2026 (tot en met" in text and "Verschil met vorig jaar" in text
    # Reached: 12 households in 2025 (rounded to 10), 42 in 2026 (rounded to 40): +30
    # New: 12 households in 2025 (rounded to 10), 30 in 2026: +20
    assert "Nieuw 10 30 +20" in text
    # Reached in 2026 is hidden here (September alone would give away the six closed in
    # August, so the year total goes first): no change is shown beside a hidden figure
    assert "Bereikt 10 verborgen 2 \N{EN DASH}" in text


def test_the_legend_says_the_minimum_in_words(client, two_years, settings):
    client.force_login(two_years.municipality_user)
    note = readable(section(client.get(URL).content.decode(), "reach-note-title"))
    assert "Verborgen: minder dan 10 huishoudens." in note
    assert not re.search(r"\bk\b", note)


def test_a_long_label_is_drawn_whole_in_the_chart_as_in_its_table():
    chart = bar_chart(
        "Regelingen",
        [("Kwijtschelding gemeentelijke belastingen", Decimal(20), "20"), ("Zorg", None, "x")],
    )
    svg = render_to_string("reach/_chart.html", {"chart": chart, "id": "t"})
    # Over two lines, between words, nothing cut off
    drawn = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert drawn == ["Kwijtschelding gemeentelijke", "belastingen", "Zorg"]
    assert "…" not in svg
    # And the rows do not overlap: the next bar starts below the label's second line
    assert chart.bars[1].y > chart.bars[0].label_y + chart.line_height
    assert chart.height > chart.bars[1].y + 20
