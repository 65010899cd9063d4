from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from outreach.models import Role


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


# --- Peer start page (phone pages) ---
def peer_home(request):
    from outreach.views.peer.pages import today

    return today(request)


# --- Coordinator and admin start page (coordinator workspace) ---
from outreach import policies  # noqa: E402
from outreach.selectors.coordinator import coordinator_overview  # noqa: E402


def coordinator_home(request):
    if not policies.coordinates_any_team(request.user):
        # A coordinator without a team now (or between teams) sees the general start page.
        return render(request, "outreach/start.html", {"section": "coordinator"})
    return render(
        request,
        "outreach/coordinator/overview.html",
        {"counts": coordinator_overview(user=request.user)},
    )


# --- Municipality start page (reach figures) ---
def municipality_home(request):
    # The figures themselves, right at /. Imported here: outreach depends on no other app
    # at import time, and reach builds on outreach.
    from reach.views import dashboard

    return dashboard(request)
