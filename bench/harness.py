"""What the HTTP benchmarks and load tests share: a PostgreSQL database with the municipal
data set, peers with tokens, and gunicorn serving the product plus a trivial baseline view."""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/outreach_bench"
)
os.environ.update(
    DJANGO_SETTINGS_MODULE="bench.settings",
    DEMO_MODE="1",
    DEBUG="0",
    SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
    DATABASE_URL=DATABASE_URL,
    ALLOWED_HOSTS="127.0.0.1",
    SECURE_COOKIES="0",
    # Plain HTTP on loopback, as behind the TLS proxy: a redirect to https would be measured
    # instead of the view.
    SECURE_SSL_REDIRECT="0",
    LOG_LEVEL="WARNING",
    # As in production with several web processes: one shared cache (the token cache is on
    # only with a shared one, config/settings.py).
    CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3"),
)
# BENCH_PORT: another port when several benchmarks run on one machine.
PORT = int(os.environ.get("BENCH_PORT", "8765"))
CONNECTIONS = 8


def ensure_database() -> None:
    """Create the benchmark database if it does not exist, set Django up and migrate."""
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def prepare(peer_count: int = 1) -> list[dict]:
    """Create the database and data set if needed; return peers of typical caseload with
    a token and their households: [{"username", "token", "households": [ids]}]."""
    ensure_database()
    from django.core.management import call_command

    from demo.datagen import GENERATED_PREFIX
    from outreach.models import Household, Municipality, User
    from outreach.services.api_tokens import api_token_issue

    if not Municipality.objects.filter(code__startswith=GENERATED_PREFIX).exists():
        print("Generating the municipal data set (once)...", flush=True)
        call_command("generate_data", "municipal")
    # A peer with a typical caseload: the median of the generated leads.
    from django.db.models import Count, Q

    peers = list(
        User.objects.filter(username__startswith="gen-")
        .annotate(
            caseload=Count("lead_assignments", filter=Q(lead_assignments__ended_at__isnull=True))
        )
        .filter(caseload__gt=0)
        .order_by("caseload", "pk")
    )
    middle = len(peers) // 2
    chosen = peers[max(0, middle - peer_count // 2) :][:peer_count]
    result = []
    for peer in chosen:
        households = list(
            Household.objects.filter(
                assignments__lead=peer, assignments__ended_at__isnull=True
            ).values_list("pk", flat=True)
        )
        # A new token each run: one from an earlier run may have ended (API_TOKEN_HOURS).
        key = api_token_issue(user=peer)
        result.append({"username": peer.username, "token": key, "households": households})
    from django.db import connections

    connections.close_all()
    return result


def start_server(env: dict | None = None, port: int = PORT) -> subprocess.Popen:
    """gunicorn, 2 workers, 4 threads each, with the environment plus `env` (a variant's
    settings)."""
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
            "--threads=4",
            "--worker-class=gthread",
            # Longer than a client's pause between requests: gunicorn's 2 s default closes
            # idle keep-alive connections just as a client reuses them (connection resets).
            "--keep-alive=75",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")
