"""System checks (`manage.py check`, and before every command that runs the app)."""

import sqlite3

from django.conf import settings
from django.core import checks

# Logging a visit links its peers with INSERT ... RETURNING (outreach.services.visits).
SQLITE_WITH_RETURNING = (3, 35)


@checks.register(checks.Tags.compatibility)
def sqlite_can_return_rows(app_configs, **kwargs):
    uses_sqlite = any(
        database["ENGINE"] == "django.db.backends.sqlite3"
        for database in settings.DATABASES.values()
    )
    if not uses_sqlite or sqlite3.sqlite_version_info >= SQLITE_WITH_RETURNING:
        return []
    return [
        checks.Error(
            f"SQLite {sqlite3.sqlite_version} is too old: Outreach needs SQLite 3.35 or newer "
            "(INSERT ... RETURNING). Use PostgreSQL, or a Python built with a newer SQLite.",
            id="outreach.E001",
        )
    ]
