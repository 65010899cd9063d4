"""The embedded default, SQLite, with several phones at once: requests that only read begin
their transaction without the write lock (outreach.middleware.SqliteReadRequestsMiddleware);
the few writes such a request makes go through here."""

from collections.abc import Callable
from contextvars import ContextVar

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
