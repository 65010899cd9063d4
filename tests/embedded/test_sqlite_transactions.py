"""How requests use SQLite's one write lock (the embedded default): writes take it when their
transaction begins, requests that only read never take it for their transaction."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AccessAction, AccessLog
from tests.helpers import client_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking"),
]


def statements(context) -> list[str]:
    return [query["sql"] for query in context.captured_queries]


def test_a_visit_takes_the_write_lock_when_its_transaction_begins(world):
    # Given a peer logging a visit
    client = client_for(world.peer)
    with CaptureQueriesContext(connection) as context:
        response = client.post(
            "/api/v1/visits/",
            {
                "household": world.household.pk,
                "client_uuid": str(uuid.uuid4()),
                "kind": "home_visit",
                "duration_minutes": 30,
            },
            format="json",
        )
    # Then the request's transaction began IMMEDIATE: it waits its turn for the lock
    # instead of reading first and failing to become a writer later
    assert response.status_code == 201
    begins = [sql for sql in statements(context) if sql.startswith("BEGIN")]
    assert begins and all(sql == "BEGIN IMMEDIATE" for sql in begins)


def test_opening_a_household_reads_without_the_write_lock_and_is_still_logged(world):
    # Given a peer opening their household
    client = client_for(world.peer)
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"/api/v1/households/{world.household.pk}/")
    # Then its transaction began DEFERRED (no write lock), the access log was written after
    # that transaction ended, and the opening is in the log
    assert response.status_code == 200
    sql = statements(context)
    assert "BEGIN" in sql and "BEGIN IMMEDIATE" not in sql
    insert = next(n for n, query in enumerate(sql) if query.startswith('INSERT INTO "audit_'))
    assert sql.index("BEGIN") < sql.index("COMMIT") < insert
    assert AccessLog.objects.filter(
        action=AccessAction.VIEW_HOUSEHOLD, household=world.household, user=world.peer
    ).exists()


def test_the_next_write_on_the_same_connection_takes_the_lock_again(world):
    # Given a peer who just opened a household (a read) on this thread's connection
    client = client_for(world.peer)
    client.get(f"/api/v1/households/{world.household.pk}/")
    # When they log a visit next
    with CaptureQueriesContext(connection) as context:
        client.post(
            "/api/v1/visits/",
            {"household": world.household.pk, "client_uuid": str(uuid.uuid4()),
             "kind": "home_visit", "duration_minutes": 30},
            format="json",
        )  # fmt: skip
    # Then that write began IMMEDIATE again
    assert "BEGIN IMMEDIATE" in statements(context)
