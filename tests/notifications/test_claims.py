"""Two workers never claim the same row: on PostgreSQL a row another worker holds is
skipped (SKIP LOCKED), not waited for and not taken."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from notifications.models import MessageKind, OutboxMessage, OutboxStatus
from notifications.services.outbox import _claim, message_enqueue

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_a_row_held_by_another_worker_is_skipped_not_claimed_twice():
    for n in range(3):
        message_enqueue(idempotency_key=f"k{n}", kind=MessageKind.REMINDER,
                        to=f"+3161111111{n}", body="Hoi")  # fmt: skip
    first = OutboxMessage.objects.order_by("id").first()
    holding, release = threading.Event(), threading.Event()

    def other_worker():
        # Another worker is in the middle of claiming the first row
        try:
            with transaction.atomic():
                OutboxMessage.objects.select_for_update().get(pk=first.pk)
                holding.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        with connection.cursor() as cursor:
            # Waiting for the lock would fail this test instead of hanging it
            cursor.execute("SET lock_timeout = '3s'")
        # When this worker claims what is due
        claimed = _claim(10, timezone.now())
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    finally:
        release.set()
        thread.join()
    # Then it takes the two free rows and leaves the held one to its holder
    assert sorted(m.pk for m in claimed) == sorted(
        OutboxMessage.objects.exclude(pk=first.pk).values_list("pk", flat=True)
    )
    first.refresh_from_db()
    assert first.status == OutboxStatus.QUEUED
