from django.shortcuts import render

from outreach import events
from outreach.selectors.cases import SEARCH_RESULTS_SHOWN, household_search
from outreach.views.coordinator import coordinator_required

QUERY_MAX_LENGTH = 100


@coordinator_required
def search(request):
    """Find a case of one's own teams by reference, name, street or postcode."""
    query = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
    households = household_search(user=request.user, query=query) if query else []
    if query:
        # The search words are not logged (they may hold a name): the access log blanks them.
        events.list_viewed.send(sender=None, request=request)
    return render(
        request,
        "outreach/coordinator/search.html",
        {
            "query": query,
            "households": households,
            "more_than_shown": len(households) == SEARCH_RESULTS_SHOWN,
        },
    )
