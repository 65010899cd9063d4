"""The UI and API speak Dutch by default: every string has a Dutch translation, compiled."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


# Folders that hold no UI strings of ours (or none that makemessages should read).
NOT_SCANNED = (".venv", "node_modules", "tests", "bench", "media", "staticfiles", ".git")
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msgattrib", "msgfmt")


@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in GETTEXT_TOOLS),
    reason="needs GNU gettext (apt install gettext; .ci/run installs it)",
)
def test_every_string_of_the_code_is_in_the_dutch_catalogue_and_compiled(tmp_path):
    # makemessages on a copy of the source: a string added to the code without a Dutch
    # translation would show in English to someone who reads Dutch.
    root = LOCALE.parent.parent.parent
    copy = tmp_path / "src"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(*NOT_SCANNED), symlinks=True)
    subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "-v", "0"]
        + [f"--ignore={folder}" for folder in NOT_SCANNED],
        cwd=copy,
        check=True,
        env={**os.environ, "DEMO_MODE": "1"},
    )
    catalogue = copy / "locale" / "nl" / "LC_MESSAGES" / "django.po"

    def entries(*options: str) -> list[str]:
        found = subprocess.run(  # noqa: S603
            ["msgattrib", *options, "--no-wrap", str(catalogue)],  # noqa: S607
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return [line for line in found.splitlines() if line.startswith("msgid ")][1:]

    assert entries("--untranslated") == [], "add the Dutch to locale/nl/LC_MESSAGES/django.po"
    assert entries("--only-fuzzy") == [], "a guessed (fuzzy) translation: check and confirm it"
    # And the compiled catalogue holds exactly the source's translations, with their
    # contexts and plural forms.
    compiled = tmp_path / "django.mo"
    subprocess.run(  # noqa: S603
        ["msgfmt", "-o", str(compiled), str(LOCALE / "django.po")],  # noqa: S607
        check=True,
    )
    with compiled.open("rb") as fresh, (LOCALE / "django.mo").open("rb") as committed:
        expected = gettext.GNUTranslations(fresh)._catalog
        assert gettext.GNUTranslations(committed)._catalog == expected, (
            "run: manage.py compilemessages -l nl --ignore=.venv"
        )
