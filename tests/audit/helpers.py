"""Looking for what should be gone, anywhere in the database."""

from django.apps import apps
from django.db import models

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def traces(*needles: str) -> list[tuple[str, str, str]]:
    """Every (table, column, value) in the whole database, history and link tables
    included, whose text holds one of the needles."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        columns = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not columns:
            continue
        for row in model._default_manager.values_list(*columns):
            for column, value in zip(columns, row, strict=True):
                text = str(value)
                found += [(model._meta.db_table, column, n) for n in needles if n in text]
    return found
