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


def save_new_version(instance, changed: list[str]) -> None:
    """Validate and save a changed record, counting its version up for offline clients."""
    if not changed:
        return
    instance.version += 1
    instance.full_clean()
    instance.save()
