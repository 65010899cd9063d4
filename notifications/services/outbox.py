"""The outbox: every message is a row before anything is sent.

Guarantees, and how:
- never twice: a row is claimed under a claim token (a conditional UPDATE, with SKIP LOCKED
  on PostgreSQL) and every later write about it holds only while that token still holds the
  row, so a worker whose lease ran out can neither send nor record for it any more. The
  lease is renewed right before each send, and a send's own timeout is well under the lease
  (TWILIO_TIMEOUT_SECONDS against SMS_CLAIM_LEASE_SECONDS, checked in settings). A worker
  that died between the send and the record leaves the row `sending`; after the lease it
  turns `unknown` and is looked up in the provider's log, one worker at a time, before any
  resend; a timeout after the request went out is treated the same way;
- never lost silently: every failure leaves the row `failed` or `cancelled` with a reason,
  and 429/5xx are retried with growing waits; attempts count sends, not holds;
- never unwanted: opt-in, STOP, pauses, quiet hours and caps are checked right before each
  message's own send;
- at the account's speed: several senders side by side, together at most
  SMS_SEND_RATE_PER_SECOND, for as long as messages are due.
"""

import hashlib
import logging
import os
import socket
import threading
import time
import uuid
from contextlib import nullcontext
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Case, Count, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.backends import (
    PermanentSendError,
    TemporarySendError,
    UncertainSendError,
    get_backend,
)
from notifications.models import (
    APPRECIATION_KINDS,
    REPLY_KINDS,
    Channel,
    DeliveryEvent,
    MessageKind,
    OutboxMessage,
    OutboxStatus,
    Session,
)
from notifications.services.consent import may_receive, phone_opt_out
from notifications.text import count_segments, sensitive_words_in, too_long
from outreach.selectors.catalogue import sms_signature

logger = logging.getLogger(__name__)

# Twilio errors that mean the number asked to stop (21610: "unsubscribed recipient").
OPTED_OUT_ERROR_CODES = {"21610"}
COUNTED_STATUSES = (
    OutboxStatus.SENDING,
    OutboxStatus.SENT,
    OutboxStatus.DELIVERED,
    OutboxStatus.UNDELIVERED,
    OutboxStatus.UNKNOWN,
)
# Provider statuses in the order a message moves through them; a late callback never
# moves a row back.
STATUS_RANK = {
    OutboxStatus.SENT: 1,
    OutboxStatus.DELIVERED: 2,
    OutboxStatus.UNDELIVERED: 2,
    OutboxStatus.FAILED: 2,
}


def reminder_key(session: Session, participant_id: int) -> str:
    """The reminder's idempotency key names the session's time and place as well: a session
    that moves gets a fresh reminder, and the old one no longer matches (see below)."""
    where = f"{session.starts_at.isoformat()}|{session.where}"
    stamp = hashlib.sha256(where.encode()).hexdigest()[:10]
    return f"reminder:{session.pk}:{participant_id}:{stamp}"


def message_enqueue(
    *,
    idempotency_key: str,
    kind: str,
    to: str,
    body: str,
    channel: str = Channel.SMS,
    language: str = "nl",
    send_after: datetime | None = None,
    expires_at: datetime | None = None,
    **recipient,
) -> tuple[OutboxMessage, bool]:
    """Put a message in the outbox once: the same key yields the same row. A text that
    holds sensitive words, or is longer than SMS_MAX_SEGMENTS, is kept, cancelled, with the
    reason (visible, never sent)."""
    existing = OutboxMessage.objects.filter(idempotency_key=idempotency_key).first()
    if existing:
        return existing, False
    found = sensitive_words_in(body)
    values = {
        "kind": kind,
        "to": to,
        "body": body,
        "channel": channel,
        "language": language,
        "send_after": send_after or timezone.now(),
        "expires_at": expires_at,
        "segments": count_segments(body).segments if channel == Channel.SMS else None,
        **recipient,
    }
    if found:
        values.update(
            status=OutboxStatus.CANCELLED,
            error_code="sensitive",
            error_message=str(_("Holds words a shared phone should not show: %(words)s"))
            % {"words": ", ".join(found)},
        )
    elif channel == Channel.SMS and too_long(body):
        values.update(
            status=OutboxStatus.CANCELLED,
            error_code="too_long",
            error_message=str(_("Longer than %(most)s text messages."))
            % {"most": settings.SMS_MAX_SEGMENTS},
        )
    try:
        with transaction.atomic():
            return OutboxMessage.objects.create(idempotency_key=idempotency_key, **values), True
    except IntegrityError:  # planned at the same moment by another worker
        return OutboxMessage.objects.get(idempotency_key=idempotency_key), False


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:60]


def _claim_token() -> str:
    """Names one claim: the holder of a row, checked on every write that follows."""
    return f"{worker_name()}:{uuid.uuid4().hex[:12]}"


def _set_status(message: OutboxMessage, status: str, **fields) -> bool:
    """Move a claimed row on, only while this claim still holds it. A worker whose lease ran
    out (the row was taken over, or handed to the provider check) writes nothing: False."""
    fields.update(status=status, status_changed_at=timezone.now())
    held = OutboxMessage.objects.filter(
        pk=message.pk, status=message.status, claimed_by=message.claimed_by
    )
    if not held.update(**fields):
        return False
    for name, value in fields.items():
        setattr(message, name, value)
    return True


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def in_quiet_hours(moment: datetime) -> bool:
    hour = _local(moment).hour
    start, end = settings.SMS_QUIET_HOURS_START, settings.SMS_QUIET_HOURS_END
    return hour >= start or hour < end if start > end else start <= hour < end


def next_morning(moment: datetime) -> datetime:
    local = _local(moment)
    morning = local.replace(hour=settings.SMS_QUIET_HOURS_END, minute=0, second=0, microsecond=0)
    return morning if morning > local else morning + timedelta(days=1)


def _over_cap(message: OutboxMessage, now: datetime) -> bool:
    room = settings.SMS_CAP_ROOM_FOR_REMINDERS if message.kind in APPRECIATION_KINDS else 0
    start_of_day = _local(now).replace(hour=0, minute=0, second=0, microsecond=0)
    sent = OutboxMessage.objects.filter(
        to=message.to, channel=Channel.SMS, status__in=COUNTED_STATUSES
    ).exclude(pk=message.pk)
    counts = sent.filter(sent_at__gte=min(start_of_day, now - timedelta(days=7))).aggregate(
        today=Count("pk", filter=Q(sent_at__gte=start_of_day)),
        week=Count("pk", filter=Q(sent_at__gte=now - timedelta(days=7))),
    )
    return (
        counts["today"] >= settings.SMS_DAILY_CAP - room
        or counts["week"] >= settings.SMS_WEEKLY_CAP - room
    )


def _hold_or_drop(message: OutboxMessage, until: datetime, reason: str) -> None:
    """Wait until `until`, unless the message is worthless by then (a started session)."""
    if message.expires_at and message.expires_at <= until:
        _set_status(message, OutboxStatus.CANCELLED, error_code="expired", error_message=reason)
    else:
        _set_status(message, OutboxStatus.QUEUED, send_after=until, error_message=reason)


def _stale_reminder_reason(message: OutboxMessage) -> str:
    """A reminder must still tell the truth: not for a cancelled session, nor with an old
    time or place (the planner makes a new one with the right text)."""
    session = Session.objects.select_related("activity").get(pk=message.session_id)
    if session.cancelled:
        return str(_("The session was cancelled."))
    if message.idempotency_key != reminder_key(session, message.participant_id):
        return str(_("The time or place of the session changed; a new reminder is planned."))
    return ""


def _ready_to_send(message: OutboxMessage, now: datetime) -> bool:
    """The rules, right before sending. Moves the row out of `sending` when it may not go."""
    if message.expires_at and now >= message.expires_at:
        _set_status(
            message,
            OutboxStatus.CANCELLED,
            error_code="expired",
            error_message=str(_("The session had already started.")),
        )
        return False
    if message.kind == MessageKind.REMINDER and message.session_id:
        stale = _stale_reminder_reason(message)
        if stale:
            _set_status(message, OutboxStatus.CANCELLED, error_code="stale", error_message=stale)
            return False
    if message.kind in REPLY_KINDS:
        return True
    allowed, reason = may_receive(message)
    if not allowed:
        _set_status(message, OutboxStatus.CANCELLED, error_code="not_allowed", error_message=reason)
        return False
    if message.channel != Channel.SMS:
        return True
    if in_quiet_hours(now):
        _hold_or_drop(message, next_morning(now), str(_("Waiting for the end of quiet hours.")))
        return False
    if _over_cap(message, now):
        tomorrow_morning = next_morning(_local(now).replace(hour=23, minute=59))
        reason = str(_("Held back: the daily or weekly limit for this number was reached."))
        _hold_or_drop(message, tomorrow_morning, reason)
        return False
    return True


def status_callback_url() -> str:
    if not settings.SMS_PUBLIC_BASE_URL:
        return ""
    return settings.SMS_PUBLIC_BASE_URL.rstrip("/") + "/notifications/twilio/status/"


def _start_send(message: OutboxMessage) -> bool:
    """The last step before the provider is called: renew the lease (the send's timeout is
    well under it, see settings) and count the attempt, only while this claim holds the row.
    False: the row is no longer ours, or it has had all its attempts."""
    if message.attempts >= settings.SMS_MAX_ATTEMPTS:
        _set_status(
            message, OutboxStatus.FAILED, error_code="attempts",
            error_message=str(_("Gave up after %(n)s attempts: %(error)s"))
            % {"n": message.attempts, "error": message.error_message[:200]},
        )  # fmt: skip
        return False
    started = timezone.now()
    renewed = OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxStatus.SENDING, claimed_by=message.claimed_by
    ).update(claimed_at=started, attempts=F("attempts") + 1)
    if not renewed:
        logger.warning("Message %s was taken over before its send; not sent here", message.pk)
        return False
    message.claimed_at, message.attempts = started, message.attempts + 1
    return True


def _deliver(message: OutboxMessage, backend, now: datetime) -> None:
    if not _start_send(message):
        return
    try:
        if message.channel == Channel.EMAIL:
            send_mail(
                subject=sms_signature(team_id=message.team_id).sender,
                message=message.body,
                from_email=None,
                recipient_list=[message.to],
            )
            result_id, segments, price, unit = "", None, None, ""
        else:
            result = backend.send(
                to=message.to, body=message.body, status_callback=status_callback_url()
            )
            result_id, segments, price, unit = (
                result.provider_id, result.segments, result.price, result.price_unit,
            )  # fmt: skip
    except UncertainSendError as error:
        _record(
            message, OutboxStatus.UNKNOWN, error_code=error.code, error_message=error.message[:300]
        )
        return
    except TemporarySendError as error:
        if message.attempts >= settings.SMS_MAX_ATTEMPTS:
            _record(
                message, OutboxStatus.FAILED, error_code=error.code,
                error_message=str(_("Gave up after %(n)s attempts: %(error)s"))
                % {"n": message.attempts, "error": error.message[:200]},
            )  # fmt: skip
            return
        wait = settings.SMS_RETRY_SECONDS * 2 ** (message.attempts - 1)
        _record(
            message, OutboxStatus.QUEUED, send_after=now + timedelta(seconds=wait),
            error_code=error.code, error_message=error.message[:300],
        )  # fmt: skip
        return
    except PermanentSendError as error:
        _record(
            message, OutboxStatus.FAILED, error_code=error.code, error_message=error.message[:300]
        )
        if error.code in OPTED_OUT_ERROR_CODES:
            phone_opt_out(phone=message.to, source=f"provider:{error.code}")
        return
    _record(
        message, OutboxStatus.SENT, provider_id=result_id, sent_at=now,
        segments=segments or message.segments, price=price, price_unit=unit,
        error_code="", error_message="",
    )  # fmt: skip


def _record(message: OutboxMessage, status: str, **fields) -> None:
    """The outcome of a send. Should the claim have been lost meanwhile (only a worker
    stalled past its lease), the row is left to its new holder, which checks the
    provider's log before any resend."""
    if not _set_status(message, status, **fields):
        logger.warning("Message %s was taken over during its send; outcome left to it", message.pk)


def _claim(batch_size: int, now: datetime) -> list[OutboxMessage]:
    """Claim due rows under a fresh claim token. The conditional UPDATE (still queued?)
    makes a row one claim's even where the database cannot lock rows (SQLite); on
    PostgreSQL the rows are picked with SKIP LOCKED, so workers pass each other's rows
    without waiting. Appreciation comes last: when a cap is near, it is what waits."""
    token, claimed_at = _claim_token(), timezone.now()
    due = OutboxMessage.objects.filter(status=OutboxStatus.QUEUED, send_after__lte=now).order_by(
        Case(When(kind__in=APPRECIATION_KINDS, then=1), default=0), "send_after", "id"
    )
    skip_locked = connection.features.has_select_for_update_skip_locked
    with transaction.atomic() if skip_locked else nullcontext():
        if skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:batch_size])
        OutboxMessage.objects.filter(pk__in=ids, status=OutboxStatus.QUEUED).update(
            status=OutboxStatus.SENDING,
            claimed_at=claimed_at,
            claimed_by=token,
            status_changed_at=claimed_at,
        )
    claimed = OutboxMessage.objects.filter(claimed_by=token, status=OutboxStatus.SENDING)
    return sorted(claimed.order_by("send_after", "id"), key=lambda m: m.kind in APPRECIATION_KINDS)


def release_abandoned_claims() -> int:
    """Rows a worker claimed and did not finish within the lease: perhaps sent, perhaps
    not. The lease is counted on the clock from the last renewal (right before a send)."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.SMS_CLAIM_LEASE_SECONDS)
    return OutboxMessage.objects.filter(status=OutboxStatus.SENDING, claimed_at__lte=cutoff).update(
        status=OutboxStatus.UNKNOWN,
        error_message=str(_("The worker stopped while sending; checking with the provider.")),
        status_changed_at=now,
    )


def _settle_unknown(message: OutboxMessage, backend) -> bool:
    since = (message.claimed_at or message.created_at) - timedelta(minutes=2)
    try:
        found = backend.find_sent(to=message.to, body=message.body, since=since)
    except Exception:  # the provider cannot answer now: stay unknown, try next round
        logger.warning("Could not check message %s with the provider", message.pk)
        return False
    if found:
        return _set_status(
            message, OutboxStatus.SENT, provider_id=found.provider_id,
            sent_at=message.claimed_at, segments=found.segments or message.segments,
            price=found.price, price_unit=found.price_unit, error_message="",
        )  # fmt: skip
    return _set_status(message, OutboxStatus.QUEUED, error_message="")


def reconcile_unknown(*, backend=None, limit: int = 50) -> int:
    """Look each `unknown` row up in the provider's log: found means sent (keep its id);
    not found means it never went out, so it may be queued again.

    One worker at a time per row: on PostgreSQL the row is locked (SKIP LOCKED: another
    worker passes it) while it is looked up and settled; everywhere, the settling write
    holds only if the row is still the same unknown row that was looked up (status and
    claim token), so a row queued again and sent meanwhile is never queued a second time."""
    backend = backend or get_backend()
    unknown = OutboxMessage.objects.filter(status=OutboxStatus.UNKNOWN, channel=Channel.SMS)
    skip_locked = connection.features.has_select_for_update_skip_locked
    settled, seen = 0, []
    while len(seen) < limit:
        with transaction.atomic() if skip_locked else nullcontext():
            rows = unknown.exclude(pk__in=seen).order_by("id")
            if skip_locked:
                rows = rows.select_for_update(skip_locked=True)
            message = rows.first()
            if message is None:
                break
            seen.append(message.pk)
            settled += _settle_unknown(message, backend)
    return settled


class _RateLimit:
    """At most `per_second` sends started per second, shared by the sending threads."""

    def __init__(self, per_second: float):
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.next_start = time.monotonic()
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            start = max(self.next_start, time.monotonic())
            self.next_start = start + self.interval
        time.sleep(max(0.0, start - time.monotonic()))


def _send_until_done(backend, now, batch_size, limit, deadline) -> int:
    """One sender: claim a few due rows, send each (the rules checked right before its own
    send), and again, until nothing is due or the time is up."""
    sent = 0
    while time.monotonic() < deadline:
        batch = _claim(batch_size, now or timezone.now())
        if not batch and not due_count(now=now):
            break
        for message in batch:
            limit.wait()
            if _ready_to_send(message, now or timezone.now()):
                _deliver(message, backend, now or timezone.now())
                sent += message.status == OutboxStatus.SENT
    return sent


def _in_thread(work) -> tuple[list, threading.Thread]:
    outcome: list = []

    def run():
        try:
            outcome.append(work())
        except BaseException as error:  # re-raised by the caller
            outcome.append(error)
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return outcome, thread


def dispatch_due(
    *,
    batch_size: int = 5,
    now: datetime | None = None,
    backend=None,
    max_seconds: float | None = None,
) -> int:
    """Send what is due, and keep going while there is work (up to `max_seconds`):
    SMS_SEND_CONCURRENCY senders side by side, together at most SMS_SEND_RATE_PER_SECOND.
    Safe to run in several workers at once and to run again. `now` fixes the clock of the
    sending rules (tests); leases always run on the real clock.

    Inside a transaction (tests, a caller's atomic block) it sends from this thread only:
    other threads' connections would not see the caller's uncommitted rows; so it does on
    an in-memory SQLite database (tests), which locks whole tables between threads."""
    backend = backend or get_backend()
    release_abandoned_claims()
    reconcile_unknown(backend=backend)
    seconds = settings.SMS_DISPATCH_MAX_SECONDS if max_seconds is None else max_seconds
    deadline = time.monotonic() + seconds
    limit = _RateLimit(settings.SMS_SEND_RATE_PER_SECOND)
    alone = connection.in_atomic_block or (
        connection.vendor == "sqlite" and connection.is_in_memory_db()
    )
    senders = 1 if alone else max(1, settings.SMS_SEND_CONCURRENCY)
    helpers = [
        _in_thread(lambda: _send_until_done(backend, now, batch_size, limit, deadline))
        for _ in range(senders - 1)
    ]
    try:
        sent = _send_until_done(backend, now, batch_size, limit, deadline)
    finally:
        for _outcome, thread in helpers:
            thread.join()
    for outcome, _thread in helpers:
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        sent += outcome[0]
    return sent


def due_count(*, now: datetime | None = None) -> int:
    """Messages waiting to be sent now (to decide whether more senders would help)."""
    return OutboxMessage.objects.filter(
        status=OutboxStatus.QUEUED, send_after__lte=now or timezone.now()
    ).count()


def message_cancel(*, message: OutboxMessage) -> bool:
    return bool(
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.QUEUED).update(
            status=OutboxStatus.CANCELLED,
            error_message=str(_("Cancelled by a coordinator.")),
            status_changed_at=timezone.now(),
        )
    )


PROVIDER_STATUSES = {
    "sent": OutboxStatus.SENT,
    "delivered": OutboxStatus.DELIVERED,
    "undelivered": OutboxStatus.UNDELIVERED,
    "failed": OutboxStatus.FAILED,
}


@transaction.atomic
def delivery_status_record(*, provider_id: str, provider_status: str, error_code: str = "") -> bool:
    """A status callback. The same callback twice changes nothing the second time; a late
    `sent` after `delivered` does not move the row back."""
    status = PROVIDER_STATUSES.get(provider_status)
    message = OutboxMessage.objects.select_for_update().filter(provider_id=provider_id).first()
    if message is None or status is None:
        return False
    _event, created = DeliveryEvent.objects.get_or_create(
        message=message, status=provider_status, defaults={"error_code": error_code}
    )
    if not created:
        return False
    if STATUS_RANK.get(status, 0) > STATUS_RANK.get(message.status, 0) or (
        message.status in (OutboxStatus.UNKNOWN, OutboxStatus.SENDING)
    ):
        _set_status(message, status, error_code=error_code or message.error_code)
    if error_code in OPTED_OUT_ERROR_CODES:
        phone_opt_out(phone=message.to, source=f"provider:{error_code}")
    return True
