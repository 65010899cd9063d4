"""Text messages that come in: keywords (STOP, START, HELP) and the household's score."""

import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.models import HouseholdVerdict, InboundMessage, MessageKind, OutboxMessage
from notifications.services.consent import phone_opt_in, phone_opt_out
from notifications.services.outbox import message_enqueue
from notifications.services.planning import dispatch_after_commit, template_text
from notifications.text import render
from outreach.models import ScoreSource
from outreach.selectors.catalogue import sms_signature
from outreach.services.plans import own_score_record

OPT_OUT_KEYWORDS = {
    "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "UIT",
}  # fmt: skip
OPT_IN_KEYWORDS = {"START", "UNSTOP"}
HELP_KEYWORDS = {"HELP"}


def _keyword(body: str) -> str:
    words = re.findall(r"[A-Za-z]+", body.strip())
    return words[0].upper() if len(words) == 1 else ""


def _asks_to_stop(body: str) -> str:
    """An opt-out keyword alone, or opening a short message ("Stop a.u.b.", "UIT graag"):
    a missed STOP is worse than one taken too eagerly, and START undoes it."""
    words = re.findall(r"[A-Za-z]+", body.strip())
    if words and words[0].upper() in OPT_OUT_KEYWORDS and len(words) <= 4:
        return words[0].upper()
    return ""


def _score(body: str) -> int | None:
    numbers = re.findall(r"\d+", body)
    if len(numbers) == 1 and 1 <= int(numbers[0]) <= 10:
        return int(numbers[0])
    return None


def inbound_receive(*, provider_id: str, from_phone: str, body: str) -> InboundMessage:
    """Handle a message once: the same provider id a second time changes nothing."""
    try:
        with transaction.atomic():
            inbound = InboundMessage.objects.create(
                provider_id=provider_id, from_phone=from_phone, body=body[:1600]
            )
    except IntegrityError:
        return InboundMessage.objects.get(provider_id=provider_id)
    with transaction.atomic():
        inbound.handled_as = _handle(inbound)
        inbound.save(update_fields=["handled_as", "household"])
    return inbound


def _handle(inbound: InboundMessage) -> str:
    stop = _asks_to_stop(inbound.body)
    if stop:
        phone_opt_out(phone=inbound.from_phone, source=f"keyword:{stop}")
        return "opt_out"
    keyword = _keyword(inbound.body)
    if keyword in OPT_IN_KEYWORDS:
        phone_opt_in(phone=inbound.from_phone, source=f"keyword:{keyword}")
        return "opt_in"
    if keyword in HELP_KEYWORDS:
        # HELP answers with who wrote to this number last: that team's municipality.
        team_id = (
            OutboxMessage.objects.filter(to=inbound.from_phone, team__isnull=False)
            .order_by("-created_at", "-pk")
            .values_list("team_id", flat=True)
            .first()
        )
        message_enqueue(
            idempotency_key=f"help:{inbound.provider_id}",
            kind=MessageKind.HELP_REPLY,
            to=inbound.from_phone,
            body=render(
                template_text(team_id=None, kind=MessageKind.HELP_REPLY, language="nl"),
                sms_signature(team_id=team_id).as_values(),
            ),
            team_id=team_id,
        )
        dispatch_after_commit()
        return "help"
    return _verdict_reply(inbound)


def _verdict_reply(inbound: InboundMessage) -> str:
    waiting_since = timezone.now() - timedelta(days=settings.SMS_VERDICT_REPLY_DAYS)
    verdict = (
        HouseholdVerdict.objects.select_for_update()
        .filter(phone=inbound.from_phone, answered_at__isnull=True, asked_at__gte=waiting_since)
        .select_related("household")
        .order_by("-asked_at")
        .first()
    )
    if verdict is None:
        return "other"
    inbound.household = verdict.household
    score = _score(inbound.body)
    if score is not None:
        verdict.score, verdict.answered_at = score, timezone.now()
        verdict.save(update_fields=["score", "answered_at"])
        # The figures read the household's own score from the case record, where it stays
        # after the text messages are gone (retention).
        own_score_record(household=verdict.household, score=score, source=ScoreSource.SMS)
        return "verdict"
    if verdict.retried_at is None:
        verdict.retried_at = timezone.now()
        verdict.save(update_fields=["retried_at"])
        message_enqueue(
            idempotency_key=f"verdict-retry:{verdict.household_id}",
            kind=MessageKind.VERDICT_RETRY,
            to=verdict.phone,
            body=render(
                template_text(
                    team_id=verdict.household.team_id,
                    kind=MessageKind.VERDICT_RETRY,
                    language="nl",
                ),
                sms_signature(team_id=verdict.household.team_id).as_values(),
            ),
            team_id=verdict.household.team_id,
            household=verdict.household,
        )
        dispatch_after_commit()
        return "verdict_unclear"
    return "other"
