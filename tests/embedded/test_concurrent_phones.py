"""Several phones at once on the embedded default (SQLite, runserver: `bin/demo`), through
the benchmark that measures it (bench/embedded_concurrency.py), in its own process against a
fresh SQLite file: the live server the README's small team would run."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent


def run_phones(*, clients: int, visits: int, readers: int) -> dict:
    finished = subprocess.run(  # noqa: S603 (our own benchmark, fixed arguments)
        [
            sys.executable,
            "-m",
            "bench.embedded_concurrency",
            f"--clients={clients}",
            f"--visits={visits}",
            f"--readers={readers}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_ten_phones_logging_visits_at_once_lose_none_while_others_open_households():
    # The run uses its own SQLite database whatever the suite runs on: once is enough.
    if connection.vendor != "sqlite":
        pytest.skip("the embedded default is measured in the SQLite run")
    # Given ten peers and coordinators logging 100 visits between them through the API,
    # each opening a household after every visit, and four more only opening households
    result = run_phones(clients=10, visits=100, readers=4)
    # Then nobody got an error, and every visit is stored, once
    assert result["error_examples"] == []
    assert result["errors"] == 0
    assert result["database_locked_in_server_log"] == 0
    assert result["visits_acknowledged"] == 100
    assert result["visits_stored"] == 100
