"""A member's time in the team, as the coordinator records it: the privacy instruction that
opens the case records to them, and where they went when they left."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outreach import policies
from outreach.forms.candidates import MembershipEndForm, PrivacyInstructionForm
from outreach.forms.coordinator import add_service_errors
from outreach.models import TeamMembership
from outreach.selectors import candidates as selectors
from outreach.services.memberships import membership_end, privacy_instruction_record
from outreach.views.coordinator import coordinator_required


@coordinator_required
def membership(request, pk: int):
    try:
        found = selectors.membership_detail(user=request.user, pk=pk)
    except TeamMembership.DoesNotExist as missing:
        raise Http404 from missing
    instruction_form = PrivacyInstructionForm(prefix="instruction")
    end_form = MembershipEndForm(prefix="end")
    if request.method == "POST":
        if not policies.can_manage_membership(request.user, found):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "instruction":
                instruction_form = PrivacyInstructionForm(request.POST, prefix="instruction")
                if instruction_form.is_valid():
                    privacy_instruction_record(
                        membership=found,
                        on=instruction_form.cleaned_data["on"],
                        recorded_by=request.user,
                    )
                    messages.success(request, _("Saved."))
                    return redirect("coordinator:membership", pk=found.pk)
            elif action == "end":
                end_form = MembershipEndForm(request.POST, prefix="end")
                if end_form.is_valid():
                    membership_end(
                        membership=found,
                        ended_on=end_form.cleaned_data["ended_on"],
                        left_for=end_form.cleaned_data["left_for"],
                        note=end_form.cleaned_data["note"],
                        ended_by=request.user,
                    )
                    messages.success(request, _("Saved."))
                    return redirect("coordinator:membership", pk=found.pk)
        except ValidationError as error:
            add_service_errors(end_form if action == "end" else instruction_form, error)
    return render(
        request,
        "outreach/coordinator/membership.html",
        {
            "membership": found,
            "open_cases": selectors.open_cases_count(membership=found),
            "instruction_form": instruction_form,
            "end_form": end_form,
        },
    )
