"""A local stand-in for Twilio's REST API, for the real twilio SDK to talk to.

It records every request, creates messages with SIDs, lists them (for reconciliation), and
can be told to answer the next sends with an error (21610, 21211, 429, 500) or to hang."""

import json
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
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            with state.lock:
                state.requests.append(("POST", self.path))
                answer = state.answers.pop(0) if state.answers else None
                if answer is None or answer == "hang":
                    message = {
                        "sid": "SM" + uuid.uuid4().hex,
                        "to": form.get("To"),
                        "body": form.get("Body"),
                        "created": datetime.now(UTC).replace(microsecond=0),
                        "form": form,
                    }
                    state.messages.append(message)
            if answer == "hang":
                # Twilio has the message, but the answer never arrives in time.
                time.sleep(state.hang_seconds)
                return
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
