from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from outreach import events
from outreach.selectors import coordinator as selectors
from outreach.services.conflicts import conflict_resolve
from outreach.views.coordinator import coordinator_required


@coordinator_required
def conflicts(request):
    """Changes made offline on an old version that would have overwritten someone else's:
    both values side by side, to choose which one is right."""
    rows = list(selectors.open_conflicts(user=request.user))
    events.list_viewed.send(sender=None, request=request)
    for conflict in rows:
        conflict.fields = [
            (name, conflict.current.get(name), value) for name, value in conflict.submitted.items()
        ]
    return render(request, "outreach/coordinator/conflicts.html", {"conflicts": rows})


@require_POST
@coordinator_required
def resolve(request, pk: int):
    conflict = get_object_or_404(selectors.open_conflicts(user=request.user), pk=pk)
    try:
        conflict_resolve(
            conflict=conflict,
            resolved_by=request.user,
            use_submitted=request.POST.get("use") == "submitted",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Chosen. The conflict is resolved."))
    return redirect("coordinator:conflicts")
