import json
import logging
import uuid
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from notifications.backends import SendResult, SmsBackend
from notifications.text import count_segments

logger = logging.getLogger("notifications.sms")


class ConsoleBackend(SmsBackend):
    """Writes each message to the log: the demo shows messages going out, nothing is sent."""

    def send(self, *, to: str, body: str, status_callback: str = "") -> SendResult:
        provider_id = f"CONSOLE{uuid.uuid4().hex[:26]}"
        logger.info("SMS to %s (%s): %s", to, provider_id, body)
        return SendResult(provider_id=provider_id, segments=count_segments(body).segments)


class FileBackend(SmsBackend):
    """Appends each message as a JSON line to SMS_FILE_PATH; can be checked after a crash."""

    def send(self, *, to: str, body: str, status_callback: str = "") -> SendResult:
        provider_id = f"FILE{uuid.uuid4().hex[:28]}"
        line = {"id": provider_id, "to": to, "body": body, "at": timezone.now().isoformat()}
        with Path(settings.SMS_FILE_PATH).open("a", encoding="utf-8") as file:
            file.write(json.dumps(line, ensure_ascii=False) + "\n")
        return SendResult(provider_id=provider_id, segments=count_segments(body).segments)

    def find_sent(self, *, to: str, body: str, since: datetime) -> SendResult | None:
        path = Path(settings.SMS_FILE_PATH)
        if not path.exists():
            return None
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = json.loads(raw)
            sent_at = datetime.fromisoformat(line["at"])
            if line["to"] == to and line["body"] == body and sent_at >= since:
                return SendResult(provider_id=line["id"], segments=count_segments(body).segments)
        return None
