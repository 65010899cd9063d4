"""The provision catalogue and consent texts for browser tests: their data is committed
(the live server reads it from another thread) and the database is emptied after each, so
what the migration seeded is put back before each test."""

import importlib

from django.apps import apps


def seed_catalogue() -> None:
    importlib.import_module("outreach.migrations.0002_seed_catalogue").seed(apps, None)
