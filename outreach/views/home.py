from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from outreach.models import Role


@login_required
def home(request):
    """Everyone lands on their own start page: peers on Today (right here, at /),
    coordinators and admins on their workspace, the municipality on its figures."""
    role = request.user.role
    if role == Role.PEER:
        return peer_home(request)
    if role == Role.MUNICIPALITY:
        return municipality_home(request)
    return coordinator_home(request)


# --- Peer start page (phone pages, issue 3) ---
def peer_home(request):
    return render(request, "outreach/peer/today.html", {})


# --- Coordinator and admin start page (coordinator workspace, issue 4) ---
def coordinator_home(request):
    return render(request, "outreach/start.html", {"section": "coordinator"})


# --- Municipality start page (reach figures, issue 6) ---
def municipality_home(request):
    return redirect("reach:dashboard")
