from django.shortcuts import render

from outreach import events
from outreach.selectors.applications import days_past_term, stalled_applications
from outreach.views.coordinator import coordinator_required


@coordinator_required
def stalled(request):
    """Submitted applications past their decision term without a decision: the peer has a
    follow-up to ask after it; the coordinator sees where a provider keeps households
    waiting."""
    applications = list(stalled_applications(user=request.user))
    events.list_viewed.send(sender=None, request=request)
    for application in applications:
        application.days_past_term = days_past_term(application)
    return render(
        request, "outreach/coordinator/stalled_applications.html", {"applications": applications}
    )
