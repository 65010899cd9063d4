"""From household to peer, on the phone: the peer notes someone of a household whose
participation went up as a candidate for the team, when the household agrees to be asked."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outreach.forms.candidates import ProposeCandidateForm
from outreach.forms.coordinator import add_service_errors
from outreach.policies import can_propose_candidate
from outreach.selectors.candidates import may_be_proposed
from outreach.services.candidates import candidate_propose
from outreach.views.peer.pages import _household_or_404, case_worker_required


@case_worker_required
def propose_candidate(request, household_id: int):
    household = _household_or_404(request, household_id)
    if not can_propose_candidate(request.user, household):
        raise PermissionDenied
    form = ProposeCandidateForm()
    if request.method == "POST":
        form = ProposeCandidateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                candidate_propose(
                    household=household,
                    name=data["name"],
                    phone=data["phone"],
                    consent_method=data["consent_method"],
                    proposed_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Noted. The coordinator will ask about joining."))
                return redirect("peer:household", household_id=household.pk)
    return render(
        request,
        "outreach/peer/propose_candidate.html",
        {"household": household, "form": form, "may_be_proposed": may_be_proposed(household)},
    )
