"""The sending engine under a slow or failing Twilio: a claim that ran out can neither send
nor record, an unknown message is settled once, attempts count sends, and messages go out
side by side at the configured rate for as long as any are due. The real twilio SDK against
the local fake Twilio."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from notifications.backends import get_backend
from notifications.models import MessageKind, OutboxMessage, OutboxStatus
from notifications.services.outbox import (
    _claim,
    _deliver,
    dispatch_due,
    message_enqueue,
    reconcile_unknown,
    release_abandoned_claims,
)
from tests.notifications.helpers import AFTERNOON, make_participant


def queue(team, n: int, send_after=AFTERNOON) -> list[OutboxMessage]:
    messages = []
    for i in range(n):
        participant = make_participant(team, f"Deelnemer {i}", f"+316120000{i:02d}")
        message, _ = message_enqueue(
            idempotency_key=f"engine:{i}", kind=MessageKind.REMINDER, to=participant.phone,
            body=f"Tot morgen {i}", participant=participant, team=team, send_after=send_after,
        )  # fmt: skip
        messages.append(message)
    return messages


def test_a_worker_whose_lease_ran_out_neither_sends_nor_records(world, fake_twilio, settings):
    settings.SMS_CLAIM_LEASE_SECONDS = 4
    (message,) = queue(world.household.team, 1)
    # Given a worker claimed the message and then stalled past its lease
    (claimed,) = _claim(5, AFTERNOON)
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=5)
    )
    # and another worker handed it to the check with Twilio's log
    assert release_abandoned_claims() == 1
    # When the stalled worker wakes up and goes on with its send
    _deliver(claimed, get_backend(), AFTERNOON)
    # Then nothing reached Twilio and the row is as the other worker left it
    assert fake_twilio.messages == []
    message.refresh_from_db()
    assert message.status == OutboxStatus.UNKNOWN and message.attempts == 0


def test_a_send_outcome_after_the_claim_was_taken_over_is_not_recorded(world, fake_twilio):
    (message,) = queue(world.household.team, 1)
    (claimed,) = _claim(5, AFTERNOON)
    # Given another worker took the row over while this one's send was under way
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_by="someone-else")
    # When this worker's send answers 500
    fake_twilio.answers = [(500, 20500)]
    _deliver(claimed, get_backend(), AFTERNOON)
    # Then the row is not put back in the queue by the worker that lost it
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENDING and message.claimed_by == "someone-else"


class LookupWhileAnotherWorkerRuns:
    """The real back-end; while it looks the message up in Twilio's log the first time,
    another worker runs a whole dispatch round (in its own thread and connection)."""

    def __init__(self):
        self.backend, self.done = get_backend(), False

    def send(self, **kwargs):
        return self.backend.send(**kwargs)

    def find_sent(self, **kwargs):
        found = self.backend.find_sent(**kwargs)
        if not self.done:
            self.done = True

            def other_worker():
                try:
                    dispatch_due(now=AFTERNOON)
                finally:
                    connections.close_all()

            thread = threading.Thread(target=other_worker)
            thread.start()
            thread.join()
        return found


@pytest.mark.django_db(transaction=True)
def test_two_workers_checking_an_unknown_message_send_it_once(fake_twilio, settings):
    from tests.factories import TeamFactory

    (message,) = queue(TeamFactory(), 1)
    # Given a message whose send timed out before reaching Twilio
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.UNKNOWN, claimed_at=timezone.now(), attempts=1
    )
    # When two workers check it with Twilio's log at the same moment, and each sends
    # what it found not sent
    reconcile_unknown(backend=LookupWhileAnotherWorkerRuns())
    dispatch_due(now=AFTERNOON)
    # Then it reached Twilio once
    assert len(fake_twilio.messages) == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 2


def test_holds_use_no_attempts(world, fake_twilio, settings):
    settings.SMS_MAX_ATTEMPTS = 2
    (message,) = queue(world.household.team, 1)
    # Given the message was held twice by quiet hours
    for night in (1, 2):
        late = AFTERNOON.replace(hour=22) + timedelta(days=night)
        OutboxMessage.objects.filter(pk=message.pk).update(send_after=late)
        dispatch_due(now=late)
        message.refresh_from_db()
        assert message.status == OutboxStatus.QUEUED and message.attempts == 0
    # When Twilio then answers 429 once
    fake_twilio.answers = [(429, 20429)]
    dispatch_due(now=message.send_after)
    message.refresh_from_db()
    # Then the message is retried, not given up, and the retry sends it
    assert message.status == OutboxStatus.QUEUED and message.attempts == 1
    dispatch_due(now=message.send_after)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 2


def test_a_message_that_had_all_its_attempts_is_not_sent_again(world, fake_twilio, settings):
    settings.SMS_MAX_ATTEMPTS = 3
    (message,) = queue(world.household.team, 1)
    # Given the last attempt timed out and Twilio's log does not have the message
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.UNKNOWN, claimed_at=timezone.now(), attempts=3
    )
    dispatch_due(now=AFTERNOON)
    # Then it fails visibly instead of a fourth send
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 3
    assert fake_twilio.messages == []


def test_one_dispatch_sends_everything_due_not_one_batch(world, fake_twilio):
    queue(world.household.team, 12)
    assert dispatch_due(now=AFTERNOON, batch_size=5) == 12
    assert len(fake_twilio.messages) == 12


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="the in-memory test database takes one writer"
)
@pytest.mark.django_db(transaction=True)
def test_messages_go_out_side_by_side_within_the_rate(fake_twilio, settings):
    from tests.factories import TeamFactory

    settings.SMS_SEND_CONCURRENCY = 4
    settings.SMS_SEND_RATE_PER_SECOND = 40
    fake_twilio.latency = 0.3  # Twilio's API takes a while to answer
    queue(TeamFactory(), 20)
    # When one dispatch runs
    assert dispatch_due(now=AFTERNOON) == 20
    # Then several sends were under way at once, never more than the setting
    assert 2 <= fake_twilio.most_in_flight <= 4
    # and never faster than the rate: 20 sends at 40 a second span at least 19/40 s
    created = sorted(m["received"] for m in fake_twilio.messages)
    assert created[-1] - created[0] >= 19 / 40 - 0.01
