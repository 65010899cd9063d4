"""The phone page where a peer follows an application from a check with non-use found to
the decision: how to apply (the provision's own words), start, the checklist of documents,
submitted, a postponed decision, and the decision itself. One page, one form per step."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from outreach.forms.applications import DecideForm, DocumentsForm, PostponeForm, SubmitForm
from outreach.models import ProvisionCheck
from outreach.selectors.applications import check_with_application
from outreach.services.applications import (
    STARTABLE_OUTCOMES,
    application_decide,
    application_documents_set,
    application_postpone,
    application_start,
    application_submit,
)
from outreach.views.peer.pages import _household_or_404, case_worker_required
from outreach.workflow import ApplicationStatus

SAVED = {
    "start": _("Application started."),
    "documents": _("Checklist saved."),
    "submit": _("Submitted: we will remind you when the decision is due."),
    "postpone": _("New date for the decision saved."),
    "decide": _("Decision saved."),
}


def _run(step: str, form, check: ProvisionCheck, user) -> None:
    application = getattr(check, "application", None)
    data = form.cleaned_data if form is not None else {}
    if step == "start":
        application_start(provision_check=check, started_by=user)
    elif step == "documents":
        application_documents_set(
            application=application, changed_by=user, documents=form.checklist()
        )
    elif step == "submit":
        application_submit(
            application=application, submitted_by=user, submitted_on=data["submitted_on"]
        )
    elif step == "postpone":
        application_postpone(
            application=application, changed_by=user, decision_due_on=data["decision_due_on"]
        )
    else:
        application_decide(
            application=application,
            decided_by=user,
            decision=data["decision"],
            decided_on=data["decided_on"],
            granted_annual_amount=data["granted_annual_amount"],
            note=data["note"],
        )


@case_worker_required
def application_page(request, household_id: int, check_id: int):
    household = _household_or_404(request, household_id)
    try:
        check = check_with_application(user=request.user, household=household, check_id=check_id)
    except ProvisionCheck.DoesNotExist as missing:
        raise Http404 from missing
    application = getattr(check, "application", None)
    step = request.POST.get("step", "") if request.method == "POST" else ""
    post = request.POST if step else None
    documents = application.documents if application else []
    forms = {
        "documents": DocumentsForm(
            post if step == "documents" else None, documents=documents, prefix="documents"
        ),
        "submit": SubmitForm(post if step == "submit" else None, prefix="submit"),
        "postpone": PostponeForm(post if step == "postpone" else None, prefix="postpone"),
        "decide": DecideForm(post if step == "decide" else None, prefix="decide"),
    }
    form = forms.get(step)
    if step in SAVED and (form is None or form.is_valid()):
        try:
            _run(step, form, check, request.user)
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
            else:
                form.add_service_error(error)
        else:
            messages.success(request, SAVED[step])
            return redirect("peer:application", household_id=household.pk, check_id=check.pk)
    return render(
        request,
        "outreach/peer/application.html",
        {
            "household": household,
            "check": check,
            "provision": check.provision,
            "application": application,
            "can_start": application is None and check.outcome in STARTABLE_OUTCOMES,
            "statuses": ApplicationStatus,
            "step": step,
            **{f"{name}_form": each for name, each in forms.items()},
        },
        status=400 if step else 200,
    )
