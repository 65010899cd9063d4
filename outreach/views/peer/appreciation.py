"""The peer's own pages of appreciation: the yearly overview (counts only, printable, to
show to a future employer) and putting a thank-you away."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from outreach.models import Appreciation
from outreach.selectors.appreciation import year_overview, year_overview_offered
from outreach.services.appreciation import appreciation_dismiss
from outreach.views.peer.pages import case_worker_required


def shown_year(year: int) -> int:
    if not year_overview_offered(year):
        raise Http404
    return year


@case_worker_required
def my_year(request, year: int):
    overview = year_overview(peer=request.user, year=shown_year(year))
    return render(
        request,
        "outreach/peer/year.html",
        {"overview": overview, "own": True, "previous": year - 1},
    )


@require_POST
@case_worker_required
def thanks_dismiss(request, pk: int):
    # Someone else's thank-you does not exist for this user (404).
    appreciation = get_object_or_404(Appreciation, pk=pk, peer=request.user)
    try:
        appreciation_dismiss(appreciation=appreciation, dismissed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("home")
