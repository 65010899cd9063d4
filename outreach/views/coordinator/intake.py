from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outreach import events
from outreach.forms.coordinator import AssignForm, DeclineForm, add_service_errors
from outreach.selectors import coordinator as selectors
from outreach.services.assignments import case_assign
from outreach.services.declines import peer_decline_record
from outreach.views.coordinator import coordinator_required, household_for
from outreach.views.links import row_links


@coordinator_required
def intake(request):
    households = list(selectors.intake_board(user=request.user))
    events.list_viewed.send(sender=None, request=request)
    links = row_links(household="peer:household", assign="coordinator:assign")
    for household in households:
        household.urls = links(household.pk)
        household.waiting_days = selectors.waiting_days(household)
    return render(request, "outreach/coordinator/intake.html", {"households": households})


@coordinator_required
def assign(request, pk: int):
    """Assign a lead peer (and buddy), seeing who is suggested and whom the household
    declined; record a decline on the same page."""
    household = household_for(request, pk)
    suggestions = selectors.peer_suggestions(household=household)
    peers = selectors.team_peers(household=household)
    choice = {"peers": peers, "declines": suggestions.declined, "prefix": "assign"}
    undeclined = selectors.assignable_peers(household=household)
    assign_form = AssignForm(**choice)
    decline_form = DeclineForm(peers=undeclined, prefix="decline")
    if request.method == "POST" and "assign-lead" in request.POST:
        assign_form = AssignForm(request.POST, **choice)
        if assign_form.is_valid():
            try:
                case_assign(
                    household=household, assigned_by=request.user, **assign_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(assign_form, error)
            else:
                lead = assign_form.cleaned_data["lead"]
                messages.success(
                    request,
                    _("%(household)s is assigned to %(peer)s.")
                    % {"household": household.reference, "peer": lead},
                )
                return redirect("coordinator:intake")
    elif request.method == "POST":
        decline_form = DeclineForm(request.POST, peers=undeclined, prefix="decline")
        if decline_form.is_valid():
            try:
                peer_decline_record(
                    household=household, recorded_by=request.user, **decline_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(decline_form, error)
            else:
                messages.success(request, _("Recorded. This peer will not be assigned here."))
                return redirect("coordinator:assign", pk=household.pk)
    return render(
        request,
        "outreach/coordinator/assign.html",
        {
            "household": household,
            "current_assignment": household.assignments.current()
            .select_related("lead", "buddy")
            .first(),
            "suggestions": suggestions,
            "summary": selectors.case_summary(household=household),
            "assign_form": assign_form,
            "decline_form": decline_form,
        },
    )
