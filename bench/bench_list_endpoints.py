"""Benchmark: does a list endpoint's cost grow with the page size?

Times GET /api/v1/<list>/ for a page of 50 rows against a page of 1 row (the baseline), in
the same run on the same data, and prints the ratio. A ratio far above the extra work of
serialising 49 more rows points at per-row queries. Run:

    DEMO_MODE=1 .venv/bin/python bench/bench_list_endpoints.py

It builds its own throwaway SQLite database; nothing of yours is touched.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEMO_MODE"] = "1"
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from outreach.models import User  # noqa: E402
from outreach.services.api_tokens import api_token_issue  # noqa: E402

ENDPOINTS = ["households", "visits", "wishes", "provision-checks", "follow-ups", "consents"]
REPEATS = 15


def timed(client: APIClient, url: str) -> tuple[float, int]:
    samples = []
    for _ in range(REPEATS):
        reset_queries()  # the query log is capped; the seed filled it
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - start)
        assert response.status_code == 200, response.content[:200]
    return statistics.median(samples), len(queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    client = APIClient()
    coordinator = User.objects.get(username="coord-noord")
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=coordinator)}")
    print(f"{'endpoint':18} {'1 row ms':>9} {'50 rows ms':>10} {'ratio':>6} {'queries 1/50':>13}")
    for endpoint in ENDPOINTS:
        one, one_queries = timed(client, f"/api/v1/{endpoint}/?page_size=1")
        fifty, fifty_queries = timed(client, f"/api/v1/{endpoint}/?page_size=50")
        print(
            f"{endpoint:18} {one * 1000:9.1f} {fifty * 1000:10.1f} {fifty / one:6.1f} "
            f"{one_queries:>6}/{fifty_queries}"
        )


if __name__ == "__main__":
    main()
