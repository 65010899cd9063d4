"""Candidates for the team, from the households the team visited: the coordinator follows
each through the introduction talk, the training and a first visit with an experienced
peer to membership, or records why it stopped."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outreach import events, policies
from outreach.forms.candidates import CandidateStepForm
from outreach.forms.coordinator import add_service_errors
from outreach.models import CandidateStatus, PeerCandidate
from outreach.querysets import households_visible_to
from outreach.selectors import candidates as selectors
from outreach.services.candidates import candidate_step
from outreach.views.coordinator import coordinator_required
from outreach.workflow import CANDIDATE_STEPS, CANDIDATE_TRANSITIONS


@coordinator_required
def candidates(request):
    status = request.GET.get("status", "")
    if status not in CandidateStatus.values:
        status = ""
    events.list_viewed.send(sender=None, request=request)
    return render(
        request,
        "outreach/coordinator/candidates.html",
        {
            "candidates": selectors.candidate_list(user=request.user, status=status),
            "statuses": CandidateStatus.choices,
            "status": status,
        },
    )


def _steps(candidate: PeerCandidate) -> list[tuple[str, object]]:
    """Each step of the way with its date (None: not yet)."""
    labels = dict(CandidateStatus.choices)
    dates = [
        candidate.proposed_on,
        candidate.introduction_talk_on,
        candidate.training_on,
        candidate.buddy_visit_on,
        candidate.member_since,
    ]
    return [(labels[step], on) for step, on in zip(CANDIDATE_STEPS, dates, strict=True)]


@coordinator_required
def candidate(request, pk: int):
    try:
        found = selectors.candidate_detail(user=request.user, pk=pk)
    except PeerCandidate.DoesNotExist as missing:
        raise Http404 from missing
    may_follow = policies.can_follow_candidate(request.user, found)
    next_steps = CANDIDATE_TRANSITIONS[found.status] if may_follow else set()
    ordered = [step for step in (*CANDIDATE_STEPS, CandidateStatus.STOPPED) if step in next_steps]
    peers = selectors.team_buddies(team_id=found.team_id)
    form = CandidateStepForm(next_steps=ordered, peers=peers)
    if request.method == "POST":
        if not may_follow:
            raise PermissionDenied
        form = CandidateStepForm(request.POST, next_steps=ordered, peers=peers)
        if form.is_valid():
            data = form.cleaned_data
            try:
                candidate_step(
                    candidate=found,
                    status=data["status"],
                    on=data["on"],
                    buddy=data["buddy"],
                    username=data["username"],
                    reason=data["reason"],
                    recorded_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("coordinator:candidate", pk=found.pk)
    household_visible = (
        found.household_id is not None
        and households_visible_to(request.user).filter(pk=found.household_id).exists()
    )
    if household_visible:
        events.case_viewed.send(
            sender=None, request=request, household=found.household, detail="team candidate"
        )
    return render(
        request,
        "outreach/coordinator/candidate.html",
        {
            "candidate": found,
            "steps": _steps(found),
            "form": form if ordered else None,
            "household_visible": household_visible,
        },
    )
