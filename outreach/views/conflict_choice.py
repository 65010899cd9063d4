"""Resolving an edit conflict with the side a page's form chose, for the phone's household
page and the coordinator's conflict list alike."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from outreach.services.record_changes import conflict_resolve


def resolve_as_chosen(request, conflict, *, done: str) -> None:
    """Resolve with what the form chose ("submitted" or the current value), saying how it
    went in a message."""
    try:
        conflict_resolve(
            conflict=conflict,
            resolved_by=request.user,
            use_submitted=request.POST.get("use") == "submitted",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
