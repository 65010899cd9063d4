from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outreach import events, policies
from outreach.forms.coordinator import BulkReassignForm, HandOverForm, add_service_errors
from outreach.models import Household, Team, User
from outreach.querysets import coordinated_team_ids
from outreach.selectors import coordinator as selectors
from outreach.services.caseload import (
    BulkReassignResult,
    HandOverResult,
    caseload_hand_over,
    cases_bulk_reassign,
)
from outreach.views.coordinator import coordinator_required


@coordinator_required
def caseload(request):
    """Move many cases at once: the chosen cases of one peer, or their whole caseload."""
    peers = selectors.team_members(user=request.user)
    # Cases go only to peers; cases can come from anyone (a coordinator who once led some).
    takers = selectors.team_members(user=request.user, peers_only=True)
    peer_id = request.GET.get("peer") or request.POST.get("peer")
    peer = peers.filter(pk=peer_id).first() if peer_id and peer_id.isdigit() else None
    households = (
        selectors.open_cases_of(user=request.user, peer=peer) if peer else Household.objects.none()
    )
    events.list_viewed.send(sender=None, request=request)
    bulk_form = BulkReassignForm(households=households, peers=takers, prefix="bulk")
    hand_over_form = HandOverForm(members=peers, peers=takers, prefix="handover")
    if request.method == "POST" and request.POST.get("action") == "reassign":
        bulk_form = BulkReassignForm(
            request.POST, households=households, peers=takers, prefix="bulk"
        )
        if bulk_form.is_valid():
            chosen = list(bulk_form.cleaned_data["households"])
            if not all(policies.can_assign(request.user, household) for household in chosen):
                raise PermissionDenied
            try:
                result = cases_bulk_reassign(
                    households=chosen,
                    lead=bulk_form.cleaned_data["lead"],
                    reason=bulk_form.cleaned_data["reason"],
                    keep_buddy=bulk_form.cleaned_data["keep_buddy"],
                    assigned_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(bulk_form, error)
            else:
                messages.success(
                    request, _bulk_move_message(result, bulk_form.cleaned_data["lead"])
                )
                return redirect("coordinator:workload")
    elif request.method == "POST" and request.POST.get("action") == "hand_over":
        hand_over_form = HandOverForm(request.POST, members=peers, peers=takers, prefix="handover")
        if hand_over_form.is_valid():
            data = hand_over_form.cleaned_data
            try:
                result = caseload_hand_over(
                    team=_team_of(request.user, data["from_peer"]),
                    from_peer=data["from_peer"],
                    to_peer=data["to_peer"],
                    reason=data["reason"],
                    handed_over_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(hand_over_form, error)
            else:
                messages.success(
                    request, _hand_over_message(result, data["from_peer"], data["to_peer"])
                )
                return redirect("coordinator:workload")
    return render(
        request,
        "outreach/coordinator/caseload.html",
        {
            "peers": peers,
            "peer": peer,
            "households": households,
            "bulk_form": bulk_form,
            "hand_over_form": hand_over_form,
        },
    )


def _bulk_move_message(result: BulkReassignResult, lead: User) -> str:
    parts = [
        ngettext(
            "%(count)d case moved to %(lead)s.",
            "%(count)d cases moved to %(lead)s.",
            result.moved,
        )
        % {"count": result.moved, "lead": lead}
    ]
    if result.kept_buddy:
        parts.append(
            ngettext("%(count)d kept its buddy.", "%(count)d kept their buddy.", result.kept_buddy)
            % {"count": result.kept_buddy}
        )
    if result.without_buddy:
        parts.append(
            ngettext(
                "%(count)d case has no buddy any more: %(cases)s. Choose a new buddy there "
                "if needed.",
                "%(count)d cases have no buddy any more: %(cases)s. Choose a new buddy there "
                "if needed.",
                len(result.without_buddy),
            )
            % {"count": len(result.without_buddy), "cases": ", ".join(result.without_buddy)}
        )
    return " ".join(str(part) for part in parts)


def _hand_over_message(result: HandOverResult, from_peer: User, to_peer: User) -> str:
    """Say what happened to each kind of case, so a dropped buddy is never a surprise."""
    names = {"from": from_peer, "to": to_peer}
    parts = [
        ngettext(
            "%(count)d case of %(from)s went to %(to)s.",
            "%(count)d cases of %(from)s went to %(to)s.",
            result.moved,
        )
        % {**names, "count": result.moved}
    ]
    if result.now_lead:
        parts.append(
            ngettext(
                "%(to)s now leads %(count)d case.",
                "%(to)s now leads %(count)d cases.",
                len(result.now_lead),
            )
            % {**names, "count": len(result.now_lead)}
        )
    if result.now_buddy:
        parts.append(
            ngettext(
                "%(to)s is now the buddy on %(count)d case.",
                "%(to)s is now the buddy on %(count)d cases.",
                len(result.now_buddy),
            )
            % {**names, "count": len(result.now_buddy)}
        )
    if result.without_buddy:
        cases = ", ".join(result.without_buddy)
        parts.append(
            ngettext(
                "%(count)d case has no buddy any more, because %(to)s was already on it: "
                "%(cases)s. Choose a new buddy there if needed.",
                "%(count)d cases have no buddy any more, because %(to)s was already on them: "
                "%(cases)s. Choose a new buddy there if needed.",
                len(result.without_buddy),
            )
            % {**names, "count": len(result.without_buddy), "cases": cases}
        )
    return " ".join(str(part) for part in parts)


def _team_of(user: User, member: User) -> Team:
    """The coordinated team the member belongs to now (the first, if several)."""
    team = (
        Team.objects.filter(pk__in=coordinated_team_ids(user), memberships__user=member)
        .order_by("name")
        .first()
    )
    if team is None:
        raise ValidationError({"from_peer": _("This person is not in your team.")})
    return team
