"""Phone pages for the plan made with the household ("plan maken met het huishouden"), the
one page of what was agreed, the household's own score from a paper form, and a signal
noted after a visit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outreach.forms.plans import (
    PaperScoreForm,
    PlanAgreeForm,
    PlanReviewForm,
    VisitSignalForm,
)
from outreach.models import ScoreSource
from outreach.querysets import signal_themes_visible_to
from outreach.selectors.plans import plan_of
from outreach.services.plans import ladder_progress, own_score_record, plan_agree, plan_review
from outreach.services.signals import signal_from_visit
from outreach.views.peer.pages import _household_or_404, case_worker_required


@case_worker_required
def plan_page(request, household_id: int):
    """Make the plan with the household, or, once there is one, review it."""
    household = _household_or_404(request, household_id)
    plan = plan_of(household=household)
    if plan is None:
        form = PlanAgreeForm(request.POST or None)
    else:
        form = PlanReviewForm(request.POST or None, initial={"goals": plan.goals})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if plan is None:
                plan_agree(
                    household=household,
                    agreed_by=request.user,
                    goals=data["goals"],
                    rung=data["rung"],
                    review_on=data["review_on"],
                )
            else:
                plan_review(
                    plan=plan,
                    reviewed_by=request.user,
                    rung=data["rung"],
                    note=data["note"],
                    goals=data["goals"],
                    next_review_on=data["next_review_on"],
                )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Plan saved.") if plan is None else _("Review of the plan saved.")
            )
            return redirect("peer:plan_agreed", household_id=household.pk)
    return render(
        request,
        "outreach/peer/plan.html",
        {"household": household, "plan": plan, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@case_worker_required
def plan_agreed(request, household_id: int):
    """What we agreed: one page in plain words, to show on the phone or to print."""
    household = _household_or_404(request, household_id)
    plan = plan_of(household=household)
    progress = ladder_progress(plan)
    return render(
        request,
        "outreach/peer/plan_agreed.html",
        {
            "household": household,
            "plan": plan,
            "step": list(plan.steps.all())[-1] if progress else None,
            "first_rung": progress[0] if progress else None,
            "last_rung": progress[1] if progress else None,
        },
    )


@case_worker_required
def paper_score(request, household_id: int):
    """The household's own score from a paper form, entered by the peer (or coordinator)."""
    household = _household_or_404(request, household_id)
    form = PaperScoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            own_score_record(
                household=household,
                score=form.cleaned_data["score"],
                source=ScoreSource.PAPER,
                recorded_by=request.user,
                given_on=form.cleaned_data["given_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The household's own score is saved."))
            return redirect("peer:household", household_id=household.pk)
    return render(
        request,
        "outreach/peer/paper_score.html",
        {"household": household, "form": form, "own_score": getattr(household, "own_score", None)},
        status=400 if request.method == "POST" else 200,
    )


@case_worker_required
def visit_signal(request, household_id: int):
    """A need the household meets that officials seem to overlook: to the coordinator's
    signals page, without the household's name or anything else that points at it."""
    household = _household_or_404(request, household_id)
    themes = signal_themes_visible_to(request.user).filter(
        Q(municipality__isnull=True) | Q(municipality_id=household.team.municipality_id),
        active=True,
        listed=True,
    )
    form = VisitSignalForm(request.POST or None, themes=themes)
    looks_personal = False
    if request.method == "POST" and form.is_valid():
        try:
            signal_from_visit(
                household=household,
                theme=form.cleaned_data["theme"],
                description=form.cleaned_data["description"],
                recorded_by=request.user,
                confirmed_no_personal_data=form.cleaned_data["confirmed_no_personal_data"],
            )
        except ValidationError as error:
            looks_personal = any(
                item.code == "looks_personal" for item in error.error_dict.get("description", [])
            )
            form.add_service_error(error)
        else:
            messages.success(request, _("Signal sent to your coordinator."))
            return redirect("peer:household", household_id=household.pk)
    return render(
        request,
        "outreach/peer/visit_signal.html",
        {"household": household, "form": form, "looks_personal": looks_personal},
        status=400 if request.method == "POST" else 200,
    )
