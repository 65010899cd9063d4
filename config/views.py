"""The start page at /: which app's page each role lands on. Wiring between apps, so it
lives here and not in any one of them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from outreach import policies
from outreach.models import Role
from outreach.selectors.coordinator import coordinator_overview
from outreach.views.peer.pages import today
from reach.views import dashboard


@login_required
def home(request):
    """Everyone lands on their own start page: peers on Today (right here, at /),
    coordinators and admins on their workspace, the municipality on its figures, a
    municipal administrator on its management pages."""
    role = request.user.role
    if role == Role.PEER:
        return peer_home(request)
    if role == Role.MUNICIPALITY:
        return municipality_home(request)
    if role == Role.MUNICIPAL_ADMIN:
        return redirect("admin:index")
    return coordinator_home(request)


def peer_home(request):
    return today(request)


def coordinator_home(request):
    if not policies.coordinates_any_team(request.user):
        # A coordinator without a team now (or between teams) sees the general start page.
        return render(request, "outreach/start.html", {"section": "coordinator"})
    return render(
        request,
        "outreach/coordinator/overview.html",
        {"counts": coordinator_overview(user=request.user)},
    )


def municipality_home(request):
    return dashboard(request)  # the figures themselves, right at /
