from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from outreach.models import Role


@login_required
def home(request):
    """Everyone lands on their own start page: peers on Today (right here, at /),
    coordinators on their workspace, the municipality on its figures."""
    role = request.user.role
    if role == Role.PEER:
        return render(request, "outreach/peer/today.html", {})
    if role == Role.MUNICIPALITY:
        return render(request, "outreach/start.html", {"section": "reach"})
    return render(request, "outreach/start.html", {"section": "coordinator"})
