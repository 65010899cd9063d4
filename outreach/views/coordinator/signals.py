from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from outreach import policies
from outreach.forms.coordinator import ReviewForm, SignalForm, add_service_errors
from outreach.models import SignalStatus, Team
from outreach.querysets import coordinated_team_ids, signal_themes_visible_to
from outreach.selectors import coordinator as selectors
from outreach.selectors.areas import neighbourhood_choices
from outreach.services.signals import signal_forward, signal_record, signal_set_aside
from outreach.views.coordinator import coordinator_required


def _team(user) -> Team:
    teams = Team.objects.filter(pk__in=coordinated_team_ids(user)).select_related("municipality")
    return teams.order_by("name").first()


@coordinator_required
def signals(request):
    """Record a signal, review the team's signals and forward them to the municipality."""
    themes = signal_themes_visible_to(request.user).filter(active=True, listed=True)
    team = _team(request.user)
    neighbourhoods = neighbourhood_choices(municipality_code=team.municipality.code) if team else []
    form = SignalForm(themes=themes, neighbourhoods=neighbourhoods, prefix="signal")
    if request.method == "POST":
        form = SignalForm(
            request.POST, themes=themes, neighbourhoods=neighbourhoods, prefix="signal"
        )
        if form.is_valid():
            try:
                signal_record(
                    team=team,
                    theme=form.cleaned_data["theme"],
                    neighbourhood_code=form.cleaned_data["neighbourhood_code"],
                    description=form.cleaned_data["description"],
                    households_concerned=form.cleaned_data["households_concerned"],
                    confirmed_no_personal_data=form.cleaned_data["confirmed_no_personal_data"],
                    recorded_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The signal is recorded."))
                return redirect("coordinator:signals")
    rows = selectors.signal_list(user=request.user).order_by("status", "-created_at")[:200]
    return render(
        request,
        "outreach/coordinator/signals.html",
        {
            "form": form,
            "to_review": [s for s in rows if s.status == SignalStatus.NEW],
            "reviewed": [s for s in rows if s.status != SignalStatus.NEW],
            "review_form": ReviewForm(),
        },
    )


@require_POST
@coordinator_required
def review(request, pk: int):
    signal = get_object_or_404(selectors.signal_list(user=request.user), pk=pk)
    if not policies.can_review_signal(request.user, signal):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if request.POST.get("decision") == "forward":
            signal_forward(signal=signal, forwarded_by=request.user, note=note)
            messages.success(
                request,
                _(
                    "Forwarded to the municipality. It shows in the municipality's figures "
                    "after the next refresh, tonight."
                ),
            )
        else:
            signal_set_aside(signal=signal, reviewed_by=request.user, note=note)
            messages.success(request, _("Set aside: not forwarded."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("coordinator:signals")
