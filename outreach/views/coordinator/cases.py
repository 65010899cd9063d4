from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from outreach import events, policies
from outreach.forms.coordinator import CloseForm, add_service_errors
from outreach.models import OwnScore
from outreach.selectors import coordinator as selectors
from outreach.selectors.plans import plan_of
from outreach.services.households import household_close, household_reopen
from outreach.services.plans import ladder_progress
from outreach.views.coordinator import coordinator_required, household_for


@coordinator_required
def close(request, pk: int):
    """Close a case with the reason, the household's score and whether it became more
    active; a closed case shows when it was closed and can be reopened."""
    household = household_for(request, pk, policy=policies.can_close)
    ladder = ladder_progress(plan_of(household=household))
    form = CloseForm(ladder=ladder)
    if request.method == "POST":
        form = CloseForm(request.POST, ladder=ladder)
        if form.is_valid():
            try:
                household_close(
                    household=household,
                    closed_by=request.user,
                    reason=form.cleaned_data["reason"],
                    satisfaction=form.cleaned_data["satisfaction"],
                    became_more_active=form.cleaned_more_active(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(case)s is closed.") % {"case": household.reference})
                return redirect("coordinator:close", pk=household.pk)
    return render(
        request,
        "outreach/coordinator/close.html",
        {
            "household": household,
            "form": form,
            "history": selectors.closing_history(household=household),
            "ladder": ladder,
            "own_score": OwnScore.objects.filter(household=household).first(),
        },
    )


@require_POST
@coordinator_required
def reopen(request, pk: int):
    household = household_for(request, pk, policy=policies.can_close)
    try:
        household_reopen(household=household, reopened_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("coordinator:close", pk=household.pk)
    messages.success(
        request,
        _("%(case)s is open again and waits in the intake for a peer.")
        % {"case": household.reference},
    )
    return redirect("coordinator:assign", pk=household.pk)


@coordinator_required
def closed(request):
    events.list_viewed.send(sender=None, request=request)
    return render(
        request,
        "outreach/coordinator/closed.html",
        {"households": selectors.closed_cases(user=request.user)},
    )
