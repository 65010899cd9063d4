"""Saying thanks to a team member, and opening their yearly overview (counts only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from outreach.forms.appreciation import ThankForm
from outreach.policies import can_see_year_overview, can_thank
from outreach.selectors import coordinator as selectors
from outreach.selectors.appreciation import milestones_of, thanking_team, year_overview
from outreach.services.appreciation import appreciation_send
from outreach.views.coordinator import coordinator_required
from outreach.views.peer.appreciation import shown_year


def _member_or_404(request, user_id: int):
    """A current member of a team the coordinator coordinates; anyone else is not there."""
    return get_object_or_404(selectors.team_members(user=request.user), pk=user_id)


@coordinator_required
def thank(request, user_id: int):
    member = _member_or_404(request, user_id)
    team = thanking_team(user=request.user, member=member)
    if team is None or not can_thank(request.user, member, team.pk):
        raise PermissionDenied
    form = ThankForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appreciation_send(
                peer=member, team=team, sent_by=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Thank-you sent. %(name)s sees it on the Today page.") % {"name": member}
            )
            return redirect("coordinator:team")
    return render(
        request,
        "outreach/coordinator/thank.html",
        {
            "member": member,
            "form": form,
            "milestones": milestones_of(user_ids=[member.pk]).get(member.pk, [])[:5],
        },
        status=400 if request.method == "POST" else 200,
    )


@coordinator_required
def member_year(request, user_id: int, year: int):
    member = _member_or_404(request, user_id)
    if not can_see_year_overview(request.user, member):
        raise PermissionDenied
    return render(
        request,
        "outreach/peer/year.html",
        {
            "overview": year_overview(peer=member, year=shown_year(year)),
            "own": False,
            "previous": year - 1,
        },
    )
