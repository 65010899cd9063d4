"""Phone pages of team care for a team member: their expenses (with a photo of the
receipt), the receipt itself (for them and their coordinator only), and their meetings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from outreach import policies
from outreach.files import receipt_response
from outreach.forms.coordinator import add_service_errors
from outreach.forms.team_care import ExpenseForm
from outreach.models import Team
from outreach.querysets import current_team_ids
from outreach.selectors.team_care import expense_list, my_meetings
from outreach.services.team_care import (
    EXPENSES_NOTE,
    expense_delete,
    expense_submit,
)
from outreach.views.peer.pages import case_worker_required


@case_worker_required
def my_expenses(request):
    """Your expenses: add one with a photo of the receipt; see what is approved."""
    teams = Team.objects.filter(pk__in=current_team_ids(request.user)).order_by("name")
    form = ExpenseForm(request.POST or None, request.FILES or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not policies.can_submit_expense(request.user, request.user, data["team"].pk):
            raise PermissionDenied
        try:
            expense_submit(user=request.user, recorded_by=request.user, **form.expense())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved. Your coordinator will look at it."))
            return redirect("peer:expenses")
    own = expense_list(user=request.user).filter(user=request.user)[:50]
    return render(
        request,
        "outreach/peer/expenses.html",
        {"form": form, "expenses": own, "note": EXPENSES_NOTE, "has_team": teams.exists()},
    )


@require_POST
@case_worker_required
def expense_delete_page(request, pk: int):
    """Take back an expense that waits for approval; its receipt is deleted with it."""
    expense = get_object_or_404(expense_list(user=request.user), pk=pk)
    if not policies.can_delete_expense(request.user, expense):
        raise Http404
    try:
        expense_delete(expense=expense, deleted_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Deleted."))
    if request.POST.get("next") == "coordinator":
        return redirect("coordinator:expenses")
    return redirect("peer:expenses")


@case_worker_required
def receipt(request, pk: int):
    """A receipt, for the person and the coordinators of their team; anyone else: 404."""
    expense = get_object_or_404(expense_list(user=request.user), pk=pk)
    if not expense.receipt:
        raise Http404
    return receipt_response(expense)


@case_worker_required
def meetings(request):
    """Your team's trainings and meetings: what is coming, and what you attended."""
    today = timezone.localdate()
    all_meetings = my_meetings(user=request.user)
    return render(
        request,
        "outreach/peer/meetings.html",
        {
            "upcoming": all_meetings.filter(held_on__gte=today).order_by("held_on", "pk")[:20],
            "past": all_meetings.filter(held_on__lt=today)[:20],
        },
    )
