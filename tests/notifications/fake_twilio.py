"""A local stand-in for Twilio's REST API, for the real twilio SDK to talk to.

It records every request, creates messages with SIDs, lists them (for reconciliation), and
can be told to answer the next sends with an error (21610, 21211, 429, 500) or to hang.

For fault and speed runs it can also, for a share of all calls chosen at random (seeded):
create the message and answer late ("create_late"), answer late without creating it
("late_without_create"), answer 500 or 429; take `latency` seconds for every answer (as
Twilio's API does, 100-300 ms); and accept at most `rate` creates a second, answering 429
above it (Twilio's API concurrency limit)."""

import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


@dataclass
class FakeTwilio:
    messages: list[dict] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    # Each queued answer applies to one message create: (http status, twilio code) or "hang".
    answers: list = field(default_factory=list)
    hang_seconds: float = 5.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    fault_share: float = 0.0
    fault_kinds: tuple = ("create_late", "late_without_create", 500, 429)
    chooser: random.Random = field(default_factory=lambda: random.Random(20))
    latency: float = 0.0
    rate: float = 0.0
    recent_creates: list = field(default_factory=list)
    # Sends under way at once, now and at most (for the tests of sending side by side).
    in_flight: int = 0
    most_in_flight: int = 0

    def _fault(self, kinds) -> object:
        """A fault for this call, or None (under the lock)."""
        if self.fault_share and self.chooser.random() < self.fault_share:
            return self.chooser.choice(kinds)
        return None

    def _over_rate(self) -> bool:
        if not self.rate:
            return False
        now = time.monotonic()
        self.recent_creates = [t for t in self.recent_creates if t > now - 1.0]
        if len(self.recent_creates) >= self.rate:
            return True
        self.recent_creates.append(now)
        return False

    @property
    def sends(self) -> list[dict]:
        return [m for m in self.messages]

    def sends_to(self, phone: str) -> int:
        return sum(1 for m in self.messages if m["to"] == phone)


def _message_json(message: dict) -> dict:
    return {
        "sid": message["sid"],
        "account_sid": "ACtest",
        "to": message["to"],
        "from": "+3197000000000",
        "body": message["body"],
        "status": "queued",
        "num_segments": "1",
        "price": None,
        "price_unit": "EUR",
        "date_created": format_datetime(message["created"]),
        "date_sent": format_datetime(message["created"]),
        "date_updated": format_datetime(message["created"]),
        "error_code": None,
        "error_message": None,
        "uri": f"/2010-04-01/Accounts/ACtest/Messages/{message['sid']}.json",
        "direction": "outbound-api",
        "api_version": "2010-04-01",
        "messaging_service_sid": None,
        "num_media": "0",
        "subresource_uris": {},
    }


def make_handler(state: FakeTwilio):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send_json(self, status: int, payload: dict):
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            with state.lock:
                state.in_flight += 1
                state.most_in_flight = max(state.most_in_flight, state.in_flight)
            try:
                self._create()
            finally:
                with state.lock:
                    state.in_flight -= 1

        def _create(self):
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            with state.lock:
                state.requests.append(("POST", self.path))
                answer = state.answers.pop(0) if state.answers else state._fault(state.fault_kinds)
                if answer == 500 or answer == 429:
                    answer = (answer, 20000 + answer)
                elif answer == "create_late":
                    answer = "hang"
                if answer is None and state._over_rate():
                    answer = (429, 20429)
                if answer is None or answer == "hang":
                    message = {
                        "sid": "SM" + uuid.uuid4().hex,
                        "to": form.get("To"),
                        "body": form.get("Body"),
                        "created": datetime.now(UTC).replace(microsecond=0),
                        "received": time.monotonic(),
                        "form": form,
                    }
                    state.messages.append(message)
            if answer in ("hang", "late_without_create"):
                # Twilio has the message (or, late_without_create, not), but the answer
                # never arrives in time.
                time.sleep(state.hang_seconds)
                return
            time.sleep(state.latency)
            if answer is not None:
                status, code = answer
                self._send_json(
                    status,
                    {"code": code, "message": f"fake error {code}", "status": status,
                     "more_info": f"https://www.twilio.com/docs/errors/{code}"},
                )  # fmt: skip
                return
            self._send_json(201, _message_json(message))

        def do_GET(self):
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            with state.lock:
                state.requests.append(("GET", self.path))
                fault = state._fault(("late", 500, 429))
            if fault == "late":
                time.sleep(state.hang_seconds)
                return
            if fault:
                self._send_json(
                    fault, {"code": 20000 + fault, "message": "fake error", "status": fault}
                )
                return
            with state.lock:
                found = [
                    _message_json(m)
                    for m in state.messages
                    if not query.get("To") or m["to"] == query["To"]
                ]
            self._send_json(
                200,
                {"messages": found, "next_page_uri": None, "page": 0, "page_size": 100,
                 "uri": url.path, "first_page_uri": url.path, "previous_page_uri": None,
                 "start": 0, "end": len(found)},
            )  # fmt: skip

    return Handler


def start_fake_twilio() -> tuple[FakeTwilio, ThreadingHTTPServer]:
    state = FakeTwilio()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return state, server
