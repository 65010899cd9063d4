"""The phone page of a household's referrals to partner organisations: who it was referred
to, whether there was contact, and a new referral (with the household's consent)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from outreach.forms.referrals import ReferralForm
from outreach.models import ContactMade, Referral
from outreach.querysets import visible_to
from outreach.selectors.referrals import household_referrals
from outreach.services.consent import contact_refused
from outreach.services.referrals import referral_make, referral_record_contact
from outreach.views.peer.pages import _household_or_404, case_worker_required


@case_worker_required
def referrals_page(request, household_id: int):
    household = _household_or_404(request, household_id)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral_make(household=household, referred_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Referral saved. In two weeks you are asked whether there was contact."),
            )
            return redirect("peer:referrals", household_id=household.pk)
    return render(
        request,
        "outreach/peer/referrals.html",
        {
            "household": household,
            "referrals": household_referrals(household=household),
            "contact_refused": contact_refused(household),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@case_worker_required
def referral_contact(request, household_id: int, referral_id: int):
    referral = get_object_or_404(
        visible_to(request.user, Referral), pk=referral_id, household_id=household_id
    )
    answer = request.POST.get("contact_made")
    try:
        referral_record_contact(referral=referral, recorded_by=request.user, contact_made=answer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if answer == ContactMade.YES:
            messages.success(request, _("Saved: there was contact."))
        else:
            messages.success(request, _("Saved: there was no contact."))
    return redirect("peer:referrals", household_id=household_id)
