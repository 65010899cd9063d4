"""Every phone page is light enough for a cheap phone on a weak connection (under 100 KB
with its CSS and JavaScript, counted uncompressed) and asks nothing of any other site."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

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
