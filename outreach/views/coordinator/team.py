from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.forms.coordinator import VolunteerMonthForm, add_service_errors
from outreach.models import AllowanceLimit, Team
from outreach.querysets import coordinated_team_ids
from outreach.selectors import coordinator as selectors
from outreach.selectors.appreciation import team_milestones
from outreach.services.team_care import OTHER_ORGANISATIONS_REMINDER, volunteer_month_record
from outreach.views.coordinator import coordinator_required


@coordinator_required
def team(request):
    """Team care: who is in the team since when, and volunteer hours and allowances checked
    against the legal maximum of the year."""
    year = timezone.localdate().year
    members = selectors.team_members(user=request.user)
    form = VolunteerMonthForm(members=members)
    if request.method == "POST":
        form = VolunteerMonthForm(request.POST, members=members)
        if form.is_valid():
            data = form.cleaned_data
            member_team = (
                Team.objects.filter(
                    pk__in=coordinated_team_ids(request.user), memberships__user=data["user"]
                )
                .order_by("name")
                .first()
            )
            try:
                _record, check = volunteer_month_record(
                    team=member_team,
                    user=data["user"],
                    month=data["month"],
                    hours=data["hours"],
                    allowance=data["allowance"],
                    other_allowance=data["other_allowance"] or 0,
                    recorded_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                for warning in check.warnings:
                    messages.warning(request, warning)
                return redirect("coordinator:team")
    peers = list(selectors.team_members(user=request.user, peers_only=True))
    return render(
        request,
        "outreach/coordinator/team.html",
        {
            "rows": selectors.team_care(user=request.user, year=year),
            "year": year,
            "limit": AllowanceLimit.objects.filter(year=year).first(),
            "reminder": OTHER_ORGANISATIONS_REMINDER,
            "form": form,
            # Appreciation: who reached a milestone lately, and whom to thank
            "peers": peers,
            "milestones": team_milestones(members=peers),
        },
    )
