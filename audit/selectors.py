"""Reads of the audit trail, and the subject access export."""

import json
from datetime import date, datetime

from django.apps import apps
from django.db.models import ManyToOneRel, Model, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.manager import HistoryManager

from audit.models import AccessLog, BreakGlassGrant
from audit.scopes import access_log_visible_to, break_glass_grants_visible_to
from outreach.models import Household, User


def access_log_list(*, user: User) -> QuerySet[AccessLog]:
    # Every column shown is on the row itself (username, reference): no join, no query per row.
    return access_log_visible_to(user)


def break_glass_list(*, user: User) -> QuerySet[BreakGlassGrant]:
    return break_glass_grants_visible_to(user).select_related("user")


def _history_of(model: type[Model]) -> HistoryManager | None:
    history = getattr(model, "history", None)
    return history if isinstance(history, HistoryManager) else None


def _household_relations(household: Household) -> list[ManyToOneRel]:
    """Every table that points at the household with a foreign key, in any app, also with
    related_name="+" (incoming text messages). A table added later is part of the export as
    soon as it has that key (docs/privacy.md). History tables come with their own model."""
    return sorted(
        (
            relation
            for relation in type(household)._meta.get_fields(include_hidden=True)
            if isinstance(relation, ManyToOneRel)
            and not relation.many_to_many
            and not hasattr(relation.related_model, "instance_type")
        ),
        key=lambda relation: relation.related_model._meta.label,
    )


def _rows(queryset: QuerySet) -> list[dict]:
    model = queryset.model
    excluded = getattr(model, "SUBJECT_ACCESS_EXCLUDED_FIELDS", ())
    fields = [field.attname for field in model._meta.concrete_fields if field.name not in excluded]
    return list(queryset.order_by("pk").values(*fields))


def _with_many_to_many(model: type[Model], rows: list[dict]) -> None:
    """Add each many-to-many field (a visit's peers) as a list of ids: one query per field."""
    ids = [row["id"] for row in rows]
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        linked: dict = {}
        for own_id, other_id in through.objects.filter(**{f"{own}__in": ids}).values_list(
            f"{own}_id", f"{other}_id"
        ):
            linked.setdefault(own_id, []).append(other_id)
        for row in rows:
            row[field.name] = sorted(linked.get(row["id"], []))


def household_subject_access(*, household: Household) -> dict:
    """Everything held on one household: the case, every record that points at it, the
    change history of each, its consents and its access log. Plain data, ready for JSON;
    two queries per kind of record, whatever their number."""
    sections = []
    for relation in _household_relations(household):
        model = relation.related_model
        key = relation.field.attname
        records = _rows(model._default_manager.filter(**{key: household.pk}))
        _with_many_to_many(model, records)
        history = _history_of(model)
        sections.append(
            {
                "model": model._meta.label_lower,
                "title": str(model._meta.verbose_name_plural),
                "records": records,
                # Rows since removed still show in the history (a deleted visit, for one).
                "history": _rows(history.filter(**{key: household.pk})) if history else [],
            }
        )
    household_row = _rows(Household.objects.filter(pk=household.pk))[0]
    user_ids = _user_ids([household_row], *(s["records"] + s["history"] for s in sections))
    return {
        "reference": household.reference,
        "generated_at": timezone.now(),
        "household": household_row,
        "household_history": _rows(Household.history.filter(id=household.pk)),
        "sections": sections,
        # Who is who among the staff named by id above.
        "users": dict(User.objects.filter(pk__in=user_ids).values_list("pk", "username")),
    }


USER_KEYS = frozenset({"user_id", "history_user_id"})


def _user_ids(*row_lists) -> set[int]:
    user_columns = {
        field.attname
        for model in Household._meta.apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    } | USER_KEYS
    user_columns |= {
        field.name
        for model in Household._meta.apps.get_models()
        for field in model._meta.many_to_many
        if field.related_model is User
    }
    found = set()
    for rows in row_lists:
        for row in rows:
            for key, value in row.items():
                if key in user_columns and value is not None:
                    found.update(value if isinstance(value, list) else [value])
    return found


def _describe_fields(model: type[Model]) -> dict[str, tuple[str, dict, bool]]:
    """Column -> (label, choice labels, names a user) for showing a row to a person."""
    described = {}
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        key = field.name if field.many_to_many else field.attname
        described[key] = (
            str(field.verbose_name),
            {value: str(label) for value, label in field.flatchoices} if field.choices else {},
            field.is_relation and field.related_model is User,
        )
    return described


def _readable_value(value, choices: dict, names_user: bool, users: dict) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(_readable_value(item, choices, names_user, users) for item in value)
    if names_user:
        return users.get(value, str(value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if value in choices:
        return choices[value]
    if isinstance(value, datetime):
        return formats.localize(timezone.localtime(value))
    return formats.localize(value) if isinstance(value, date | int) else str(value)


def _readable_rows(model: type[Model], rows: list[dict], users: dict) -> list[list[tuple]]:
    described = _describe_fields(model)
    readable = []
    for row in rows:
        fields = []
        for key, value in row.items():
            label, choices, names_user = described.get(key, (key, {}, key in USER_KEYS))
            fields.append((label, _readable_value(value, choices, names_user, users)))
        readable.append(fields)
    return readable


def readable_subject_access(data: dict) -> dict:
    """The same export for a person to read: labels instead of column names, choices and
    users by name, times in the local zone. No queries."""
    users = data["users"]
    sections = []
    for section in data["sections"]:
        model = apps.get_model(section["model"])
        history = _history_of(model)
        sections.append(
            {
                "title": section["title"],
                "records": _readable_rows(model, section["records"], users),
                "history": _readable_rows(history.model, section["history"], users)
                if history
                else [],
            }
        )
    return {
        "reference": data["reference"],
        "generated_at": data["generated_at"],
        "household": _readable_rows(Household, [data["household"]], users)[0],
        "household_history": _readable_rows(
            Household.history.model, data["household_history"], users
        ),
        "sections": sections,
    }
