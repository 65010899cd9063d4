"""The UI and API speak Dutch by default: every string has a Dutch translation, compiled."""

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES"


def po_entries() -> dict[str, str]:
    text = (LOCALE / "django.po").read_text()
    entries = {}
    for block in text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', block, re.M)
        if match and "#, fuzzy" not in block:
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            if msgid:
                entries[msgid] = "".join(re.findall(r'"(.*)"', match.group(2)))
    return entries


def test_every_dutch_string_is_translated_and_none_is_fuzzy():
    text = (LOCALE / "django.po").read_text()
    assert "#, fuzzy" not in text.split("\n\n", 1)[1]
    untranslated = [msgid for msgid, msgstr in po_entries().items() if not msgstr]
    assert untranslated == []


def test_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = [
        msgid
        for msgid, msgstr in po_entries().items()
        if "\\" not in msgid and catalogue.gettext(msgid) != msgstr.replace('\\"', '"')
    ]
    assert stale == [], "run: manage.py compilemessages -l nl --ignore=.venv"
