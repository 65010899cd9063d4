"""Every phone page is light enough for a cheap phone on a weak connection (under 100 KB
with its CSS and JavaScript, counted uncompressed) and asks nothing of any other site."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AssignmentFactory,
    FollowUpFactory,
    HouseholdFactory,
    ProvisionCheckFactory,
    ProvisionFactory,
    VisitFactory,
    WishFactory,
)

LIMIT = 100 * 1024
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
EXTERNAL = re.compile(r'(?:href|src|action)="(?:https?:)?//|url\((?:["\']?)(?:https?:)?//|@import')


def peer_pages(world):
    household = world.household
    return {
        "today": "/",
        "household": reverse("peer:household", args=[household.pk]),
        "visit": reverse("peer:visit", args=[household.pk]),
        "consent": reverse("peer:consent", args=[household.pk]),
        "register": reverse("peer:register"),
        "login": "/accounts/login/",
    }


@pytest.mark.parametrize("name", ["today", "household", "visit", "consent", "register", "login"])
def test_page_with_its_css_and_js_is_under_100_kb_and_all_local(client, world, name):
    url = peer_pages(world)[name]
    if name != "login":
        client.force_login(world.peer)
    html = client.get(url).content.decode()
    assets = set(ASSET.findall(html))
    assert "/static/css/base.css" in assets and "/static/peer/app.js" in assets
    total = len(html.encode())
    for asset in assets:
        path = finders.find(asset.removeprefix("/static/"))
        content = Path(path).read_bytes()
        total += len(content)
        assert not EXTERNAL.search(content.decode("utf-8", "replace")), asset
    assert total < LIMIT, f"{name}: {total} bytes"
    assert not EXTERNAL.search(html)


def test_service_worker_and_manifest_name_no_other_site(client, db):
    for url in ("/sw.js", "/manifest.webmanifest"):
        body = client.get(url).content.decode()
        assert "http://" not in body and "https://" not in body


@pytest.fixture
def busy_world(world):
    """A peer two years into a busy caseload: 30 households, the main one with a visit a
    week for two years, long notes, and many wishes, checks and follow-ups."""
    household = world.household
    notes = "Gesprek aan de keukentafel over de rekeningen, de kinderen en de buurt. " * 6
    for week in range(150):
        VisitFactory(
            household=household,
            notes=notes,
            started_at=timezone.now() - timedelta(weeks=week + 1),
            peers=[world.peer, world.buddy],
        )
    for number in range(15):
        WishFactory(household=household, description=f"Wens {number}: " + notes[:120])
        FollowUpFactory(household=household, responsible=world.peer, description=notes[:150])
    for name in ("Zorgtoeslag", "Huurtoeslag", "Kindgebonden budget", "Meedoenregeling"):
        ProvisionCheckFactory(household=household, provision=ProvisionFactory(name=name))
    for _ in range(30):
        AssignmentFactory(household=HouseholdFactory(team=household.team), lead=world.peer)
    return world


@pytest.mark.parametrize("name", ["today", "household", "visit"])
def test_pages_of_a_busy_caseload_stay_under_100_kb(client, busy_world, name):
    # Given a peer with a long history; when they open the page; then it is still light
    client.force_login(busy_world.peer)
    response = client.get(peer_pages(busy_world)[name])
    assert response.status_code == 200
    html = response.content.decode()
    assets = sum(
        Path(finders.find(asset.removeprefix("/static/"))).stat().st_size
        for asset in set(ASSET.findall(html))
    )
    assert len(response.content) + assets < LIMIT, f"{name}: {len(response.content)} bytes"


def test_a_long_visit_history_shows_the_newest_and_offers_all(client, busy_world):
    # Given 150 visits; when the peer opens the household page
    client.force_login(busy_world.peer)
    url = peer_pages(busy_world)["household"]
    page = client.get(url).content.decode()
    # Then the newest 20 are shown, with a way to see all 151 (the world has one more)
    assert page.count("<li><strong>") == 20
    assert "Alle 151 bezoeken tonen" in page
    assert client.get(url + "?visits=all").content.decode().count("<li><strong>") == 151
