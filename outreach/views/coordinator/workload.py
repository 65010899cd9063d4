from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from outreach import events
from outreach.selectors import coordinator as selectors
from outreach.views.coordinator import coordinator_required
from outreach.views.links import row_link, row_links


@coordinator_required
def workload(request):
    peers = selectors.workload(user=request.user)
    events.list_viewed.send(sender=None, request=request)
    today = timezone.localdate()
    for peer in peers:
        peer.days_since_last_visit = selectors.days_since(peer.last_visit_at, today=today)
    cutoff = selectors.no_visit_cutoff()
    cases = selectors.open_cases_board(user=request.user)
    links = row_links(
        household="peer:household", assign="coordinator:assign", close="coordinator:close"
    )
    for case in cases:
        case.urls = links(case.pk)
        case.days_since_last_visit = selectors.days_since(case.last_visit_at, today=today)
        case.flagged = case.last_contact_at < cutoff
    return render(
        request,
        "outreach/coordinator/workload.html",
        {
            "peers": peers,
            "cases": cases,
            "flagged_count": sum(case.flagged for case in cases),
            "no_visit_weeks": settings.COORDINATOR_NO_VISIT_WEEKS,
        },
    )


@coordinator_required
def overdue(request):
    follow_ups = list(selectors.overdue_board(user=request.user))
    events.list_viewed.send(sender=None, request=request)
    household_url = row_link("peer:household")
    for follow_up in follow_ups:
        follow_up.household_url = household_url(follow_up.household_id)
        follow_up.days_overdue = selectors.days_overdue(follow_up)
        follow_up.escalated = selectors.is_escalated(follow_up)
    escalated = [f for f in follow_ups if f.escalated]
    return render(
        request,
        "outreach/coordinator/overdue.html",
        {
            "escalated": escalated,
            "others": [f for f in follow_ups if not f.escalated],
            "escalation_days": settings.COORDINATOR_ESCALATION_DAYS,
        },
    )
