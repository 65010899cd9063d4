"""Every page, for every role, in Dutch: no English left. A text on a page that is the
English source of a string the Dutch catalogue translates otherwise was not translated
(a string outside the translation machinery, or a label built in code)."""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

from tests.pages import ROLES, page_paths

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.mo"
# Attributes people read or hear (a screen reader speaks aria-label and title).
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
# Pages whose words are not ours: the API's schema browser, and Django's admin (its own
# Dutch, with a few English words of its own and of django-otp, and permission names that
# Django stores in the language of the day they were made).
OTHERS_PAGES = ("/api/", "/admin/")


def english_sources() -> tuple[set[str], list[str]]:
    """Whole texts to look for, and longer texts to find inside other text too."""
    with CATALOGUE.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    whole, inside = set(), []
    for key, dutch in catalogue.items():
        english = key[0] if isinstance(key, tuple) else key
        if not english or "%" in english or "{" in english or english == dutch:
            continue
        if not re.search(r"[A-Za-z]{2}", english):
            continue
        whole.add(english.strip())
        if len(english.split()) >= 4:
            inside.append(english.strip())
    return whole, inside


class ReadableText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def test_every_page_in_dutch_holds_no_english_source_string(client, world):
    whole, inside = english_sources()
    found = set()
    for path in page_paths(world):
        for role in ROLES:
            user = world.user(role)
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="nl")
            if "html" not in response.get("Content-Type", "") or path.startswith(OTHERS_PAGES):
                continue
            parser = ReadableText()
            parser.feed(response.content.decode())
            page_text = " ".join(parser.texts)
            for text in parser.texts:
                if text in whole:
                    found.add(f"{path} ({role}): {text!r}")
            for english in inside:
                if english in page_text:
                    found.add(f"{path} ({role}): {english!r}")
    assert not found, "\n".join(sorted(found))
