"""Simulated STA-team members for bench/load_test.py (Locust).

Each simulated peer takes a token and a household from the file the runner prepared, logs
visits (sometimes sending the same visit again, as a phone does after a lost answer) and
browses their households. Every visit the server acknowledged is written to a ledger, so
that the runner can check the database afterwards: one visit per acknowledged UUID.
"""

import json
import os
import random
import uuid

from locust import HttpUser, between, events, task

with open(os.environ["LOAD_PEERS_FILE"]) as peers_file:
    PEERS = json.load(peers_file)
# Open for the whole run (line-buffered), closed when Locust quits.
LEDGER = open(os.environ["LOAD_LEDGER_FILE"], "a", buffering=1)  # noqa: SIM115
RETRY_SHARE = float(os.environ.get("LOAD_RETRY_SHARE", "0.2"))
_next_peer = iter(range(10**9))


class Peer(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.peer = PEERS[next(_next_peer) % len(PEERS)]
        self.client.headers["Authorization"] = f"Token {self.peer['token']}"

    @task(3)
    def log_a_visit(self):
        client_uuid = str(uuid.uuid4())
        body = {
            "household": random.choice(self.peer["households"]),
            "client_uuid": client_uuid,
            "kind": "home_visit",
            "duration_minutes": 45,
            "notes": "Load test",
        }
        attempts = 2 if random.random() < RETRY_SHARE else 1
        # Kept on the phone before it goes out: whatever is not acknowledged is sent again.
        LEDGER.write(f"sent {client_uuid} {body['household']} {self.peer['token']}\n")
        for _ in range(attempts):
            with self.client.post(
                "/api/v1/visits/", json=body, name="POST /visits/", catch_response=True
            ) as response:
                if response.status_code in (200, 201):
                    LEDGER.write(f"ack {client_uuid}\n")
                    response.success()
                elif response.status_code == 503 and response.headers.get("Retry-After"):
                    # The database is away (fault test): the phone keeps the visit and
                    # sends it again later with the same UUID.
                    response.success()
                    LEDGER.write(f"retry {client_uuid} {body['household']} {self.peer['token']}\n")
                else:
                    response.failure(f"HTTP {response.status_code} {response.error or ''}")

    def _read(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code == 503 and response.headers.get("Retry-After"):
                # The database is away (fault test): the promised answer, not a failure;
                # the runner checks that none came outside the outage.
                response.success()
                LEDGER.write("unavailable -\n")
            elif response.status_code != 200:
                response.failure(f"HTTP {response.status_code} {response.error or ''}")

    @task(4)
    def browse_households(self):
        self._read("/api/v1/households/?page_size=50", "GET /households/")

    @task(2)
    def open_a_household(self):
        household = random.choice(self.peer["households"])
        self._read(f"/api/v1/households/{household}/", "GET /households/{id}/")


@events.quitting.add_listener
def close_ledger(environment, **kwargs):
    LEDGER.close()
