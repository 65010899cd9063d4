"""The embedded default, SQLite, with several phones at once: requests that only read begin
their transaction without the write lock (outreach.middleware.SqliteReadRequestsMiddleware);
the few writes such a request makes go through here."""

import functools
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

# True while a request that only reads runs in a DEFERRED SQLite transaction.
reading: ContextVar[bool] = ContextVar("outreach_sqlite_reading", default=False)


def write_after_read(write: Callable[[], object]) -> None:
    """Run `write` now, or, in a request that only reads on SQLite, once its transaction has
    ended. Such a transaction holds a snapshot of the database without the write lock; a
    write inside it would have to take the lock, and SQLite refuses that at once ("database
    is locked") when another writer came first. Afterwards the write waits its turn."""
    connection = connections[DEFAULT_DB_ALIAS]
    if reading.get() and connection.in_atomic_block:
        transaction.on_commit(write)
    else:
        write()


def writes_on_read(view):
    """Mark a view that writes even when asked with GET (say, a page that makes what it
    shows): on SQLite its transaction takes the write lock at once, like any write."""
    view.writes_on_read = True
    return view


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def transaction_for_writes(view):
    """ATOMIC_REQUESTS for the requests that write, none for those that only read: on
    PostgreSQL a read in a transaction pays its BEGIN and COMMIT, two round trips more, for
    nothing (each statement sees the data committed when it began, in a transaction or not,
    under PostgreSQL's READ COMMITTED); its one write, the access log, commits by itself.
    A write request (POST, PUT, PATCH, DELETE) runs in a transaction exactly as under
    ATOMIC_REQUESTS: an exception rolls it back, and the REST framework's refusals mark it
    for rollback. On SQLite every request keeps its transaction: a read reads from one
    snapshot there (SqliteReadRequestsMiddleware). READS_WITHOUT_TRANSACTION = False in the
    settings puts reads back in one (bench/bench_floor.py measures both)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        connection = connections[DEFAULT_DB_ALIAS]
        if (
            request.method in SAFE_METHODS
            and connection.vendor != "sqlite"
            and getattr(settings, "READS_WITHOUT_TRANSACTION", True)
            # Inside a caller's transaction (a test's), a savepoint as before: the REST
            # framework marks the innermost transaction for rollback when it refuses.
            and not connection.in_atomic_block
        ):
            return view(request, *args, **kwargs)
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            return view(request, *args, **kwargs)

    return transaction.non_atomic_requests(wrapped)
