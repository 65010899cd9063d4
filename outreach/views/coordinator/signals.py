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


def _signal_form(user, team, data=None) -> SignalForm:
    themes = signal_themes_visible_to(user).filter(active=True, listed=True)
    neighbourhoods = neighbourhood_choices(municipality_code=team.municipality.code) if team else []
    return SignalForm(data, themes=themes, neighbourhoods=neighbourhoods, prefix="signal")


@coordinator_required
def signals(request):
    """Record a signal, review the team's signals and forward them to the municipality."""
    team = _team(request.user)
    form = _signal_form(request.user, team)
    if request.method == "POST":
        form = _signal_form(request.user, team, request.POST)
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
    return _page(request, form)


def _page(request, form, refused=None, status=200):
    """The page; `refused` is a forward that was refused: the signal's id, the text the
    coordinator wrote (kept, so they only remove what was found) and why."""
    rows = selectors.signal_list(user=request.user).order_by("status", "-created_at")[:200]
    return render(
        request,
        "outreach/coordinator/signals.html",
        {
            "form": form,
            "to_review": [s for s in rows if s.status == SignalStatus.NEW],
            "reviewed": [s for s in rows if s.status != SignalStatus.NEW],
            "refused": refused,
        },
        status=status,
    )


@require_POST
@coordinator_required
def review(request, pk: int):
    signal = get_object_or_404(selectors.signal_list(user=request.user), pk=pk)
    if not policies.can_review_signal(request.user, signal):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    note = data.get("note", "")
    try:
        if request.POST.get("decision") == "forward":
            signal_forward(
                signal=signal,
                forwarded_by=request.user,
                note=note,
                forwarded_text=data.get("forwarded_text", ""),
                confirmed_no_personal_data=data.get("confirmed_no_personal_data", False),
            )
            messages.success(
                request,
                _(
                    "Forwarded to the municipality. It is in the municipality's signals inbox "
                    "now, and in its figures after the next refresh, tonight."
                ),
            )
        else:
            signal_set_aside(signal=signal, reviewed_by=request.user, note=note)
            messages.success(request, _("Set aside: not forwarded."))
    except ValidationError as error:
        if request.POST.get("decision") != "forward":
            messages.error(request, " ".join(error.messages))
            return redirect("coordinator:signals")
        refused = {
            "pk": signal.pk,
            "text": request.POST.get("forwarded_text", ""),
            "note": note,
            "errors": error.messages,
        }
        form = _signal_form(request.user, _team(request.user))
        return _page(request, form, refused=refused, status=400)
    return redirect("coordinator:signals")
