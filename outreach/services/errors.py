from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def field_error(field: str, message, code: str = "invalid") -> ValidationError:
    """A validation error tied to one input field, shown next to it in forms and the API."""
    return ValidationError({field: ValidationError(message, code=code)})


def apply_changes(instance, changes: dict, allowed: tuple[str, ...]) -> list[str]:
    """Copy the allowed fields from changes onto instance; return the names that changed."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed.") for name in sorted(unknown)}
        )
    changed = []
    for name, value in changes.items():
        if getattr(instance, name, None) != value or instance._state.adding:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def validate_new_record(instance, *, validate_unique: bool = True) -> None:
    """full_clean for a record about to be created, without looking up again the related
    objects the service was handed (Django checks that each foreign key exists with a
    query of its own; the database's keys still refuse one deleted meanwhile). Only for
    models with no constraint over those keys: full_clean skips constraints on excluded
    fields."""
    held = [
        field.name
        for field in instance._meta.concrete_fields
        if field.is_relation and field.is_cached(instance)
    ]
    instance.full_clean(exclude=held, validate_unique=validate_unique)


def save_new_version(instance, changed: list[str]) -> None:
    """Validate and save a changed record, counting its version up for offline clients."""
    if not changed:
        return
    instance.version += 1
    instance.full_clean()
    instance.save()
