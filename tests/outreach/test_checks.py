import sqlite3
from types import SimpleNamespace

from outreach import checks
from outreach.checks import sqlite_can_return_rows


def use_engine(monkeypatch, engine):
    # The check's view of the settings only: the test's own database stays as it is.
    databases = {"default": {"ENGINE": f"django.db.backends.{engine}", "NAME": "x"}}
    monkeypatch.setattr(checks, "settings", SimpleNamespace(DATABASES=databases))


def test_an_sqlite_too_old_for_returning_rows_stops_the_app(monkeypatch):
    use_engine(monkeypatch, "sqlite3")
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    (error,) = sqlite_can_return_rows(None)
    assert error.id == "outreach.E001"
    assert "SQLite 3.31.1 is too old" in error.msg


def test_a_recent_sqlite_or_postgresql_passes(monkeypatch):
    use_engine(monkeypatch, "sqlite3")
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 40, 1))
    assert sqlite_can_return_rows(None) == []
    use_engine(monkeypatch, "postgresql")
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    assert sqlite_can_return_rows(None) == []
