"""Several phones at once on the embedded default: SQLite and runserver, as `bin/demo` runs.

Makes a fresh SQLite database, serves it with `manage.py runserver` (DEMO_MODE, the README's
quick start), and lets CLIENTS peers and coordinators of one team log VISITS visits through
the API between them, each opening its household after every visit, while READERS more
clients only open households and the household list. Prints one line of JSON: requests,
errors (anything but 2xx, or no answer), visits acknowledged and stored, throughput and
latencies. tests/test_embedded_concurrency.py runs it and asserts 0 errors, all stored.

    .venv/bin/python -m bench.embedded_concurrency --clients 10 --visits 100 --readers 4
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER_SHARE = 0.6  # of the visit-logging clients; the others are coordinators


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(database_path: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEMO_MODE": "1",
        "DATABASE_URL": f"sqlite:///{database_path}",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def _seed(clients: int) -> list[dict]:
    """One team with `clients` members (peers and coordinators), two households for each
    peer; returns each member's token and the households it logs visits for."""
    from django.utils import timezone

    from outreach.models import (
        Assignment,
        Consent,
        ConsentScope,
        ConsentText,
        Household,
        Municipality,
        Role,
        Team,
        TeamMembership,
        User,
    )
    from outreach.services.api_tokens import api_token_issue

    municipality = Municipality.objects.create(code="GM1674", name="Roosendaal")
    team = Team.objects.create(municipality=municipality, name="Noord")
    peers = max(1, round(clients * PEER_SHARE))
    members = []
    for number in range(clients):
        role = Role.PEER if number < peers else Role.COORDINATOR
        user = User.objects.create_user(f"{role}-{number}", password=None, role=role)
        TeamMembership.objects.create(
            user=user, team=team, privacy_instruction_on=timezone.localdate()
        )
        members.append(user)
    texts = {}
    for text in ConsentText.objects.order_by("-published_on"):  # seeded by the migrations
        texts.setdefault(text.scope, text)
    households_of = {}
    for number, peer in enumerate(members[:peers]):
        households_of[peer.pk] = []
        for second in range(2):
            household = Household.objects.create(
                team=team,
                reference=f"HH-2026-{number:03d}{second}",
                contact_name=f"Contact {number}-{second}",
                postcode="4701 AB",
                status="active",
            )
            Assignment.objects.create(household=household, lead=peer)
            # Consent comes before any visit (outreach/services/consent.py).
            for scope in (ConsentScope.HOME_VISITS, ConsentScope.DATA_STORAGE):
                Consent.objects.create(
                    household=household, scope=scope, text=texts[scope], method="verbal"
                )
            households_of[peer.pk].append(household.pk)
    every_household = [pk for pks in households_of.values() for pk in pks]
    return [
        {
            "token": api_token_issue(user=user),
            "households": households_of.get(user.pk, every_household),
        }
        for user in members
    ]


def _prepare(database_path: Path, clients: int) -> list[dict]:
    os.environ.update(_environment(database_path))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    members = _seed(clients)
    connections.close_all()
    return members


def _start_server(database_path: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=_environment(database_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(150):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    raise SystemExit("runserver did not start")


class Client:
    """One phone: its own connection, token, households and tally."""

    def __init__(self, port: int, member: dict):
        self.port = port
        self.headers = {
            "Authorization": f"Token {member['token']}",
            "Content-Type": "application/json",
        }
        self.households = member["households"]
        self.latencies = {"write": [], "read": []}
        self.errors: list[str] = []
        self.acknowledged: list[str] = []
        self.requests = 0

    def request(self, method: str, path: str, body: dict | None = None) -> int:
        started = time.perf_counter()
        self.requests += 1
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            connection.request(
                method, path, body=json.dumps(body) if body else None, headers=self.headers
            )
            response = connection.getresponse()
            response.read()
            status = response.status
            connection.close()
        except OSError as error:
            self.errors.append(f"{method} {path}: {error}")
            return 0
        kind = "read" if method == "GET" else "write"
        self.latencies[kind].append(time.perf_counter() - started)
        if not 200 <= status < 300:
            self.errors.append(f"{method} {path}: {status}")
        return status

    def open_household(self, number: int) -> None:
        household = self.households[number % len(self.households)]
        self.request("GET", f"/api/v1/households/{household}/")

    def log_visits(self, count: int) -> None:
        for number in range(count):
            client_uuid = str(uuid.uuid4())
            status = self.request(
                "POST",
                "/api/v1/visits/",
                {
                    "household": self.households[number % len(self.households)],
                    "client_uuid": client_uuid,
                    "kind": "home_visit",
                    "duration_minutes": 45,
                    "notes": "Koffie gedronken, over de buurt gepraat.",
                },
            )
            if status in (200, 201):
                self.acknowledged.append(client_uuid)
            self.open_household(number)

    def read_until(self, done: threading.Event) -> None:
        number = 0
        while not done.is_set():
            self.open_household(number)
            self.request("GET", "/api/v1/households/?page_size=20")
            number += 1


def run(*, clients: int, visits: int, readers: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="outreach-embedded-") as directory:
        database_path = Path(directory) / "db.sqlite3"
        members = _prepare(database_path, clients)
        port = _free_port()
        server = _start_server(database_path, port)
        try:
            writers = [Client(port, member) for member in members]
            reading = [Client(port, members[number % len(members)]) for number in range(readers)]
            done = threading.Event()
            per_client = [visits // clients + (n < visits % clients) for n in range(clients)]
            threads = [
                threading.Thread(target=client.log_visits, args=(count,))
                for client, count in zip(writers, per_client, strict=True)
            ]
            reader_threads = [
                threading.Thread(target=client.read_until, args=(done,)) for client in reading
            ]
            started = time.perf_counter()
            for thread in threads + reader_threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.perf_counter() - started
            done.set()
            for thread in reader_threads:
                thread.join()
        finally:
            server.terminate()
            server_log = server.communicate(timeout=30)[1]
        from outreach.models import Visit

        acknowledged = [uuid_ for client in writers for uuid_ in client.acknowledged]
        stored = Visit.objects.filter(client_uuid__in=acknowledged).count()
        everyone = writers + reading
        writes = [s for client in everyone for s in client.latencies["write"]]
        reads = [s for client in everyone for s in client.latencies["read"]]
        errors = [error for client in everyone for error in client.errors]
        from django.db import connections

        connections.close_all()

    def percentile(values, share):
        return round(1000 * statistics.quantiles(values, n=100)[share - 1], 1) if values else None

    return {
        "clients": clients,
        "readers": readers,
        "visits_sent": visits,
        "visits_acknowledged": len(acknowledged),
        "visits_stored": stored,
        "requests": sum(client.requests for client in everyone),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "database_locked_in_server_log": server_log.count("database is locked"),
        "seconds": round(seconds, 2),
        "visits_per_second": round(len(acknowledged) / seconds, 1),
        "requests_per_second": round(sum(client.requests for client in everyone) / seconds, 1),
        "write_ms_p50": percentile(writes, 50),
        "write_ms_p95": percentile(writes, 95),
        "read_ms_p50": percentile(reads, 50),
        "read_ms_p95": percentile(reads, 95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=10, help="peers and coordinators")
    parser.add_argument("--visits", type=int, default=100, help="visits they log in all")
    parser.add_argument("--readers", type=int, default=4, help="clients that only read")
    arguments = parser.parse_args()
    result = run(clients=arguments.clients, visits=arguments.visits, readers=arguments.readers)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
