"""The coordinator workspace pages (desktop and tablet first, usable on a phone)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from outreach import events, policies
from outreach.models import Household
from outreach.querysets import visible_to
from outreach.selectors.areas import area_name


def coordinator_required(view):
    """Logged in, and coordinating a team now (or an admin); anyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not policies.coordinates_any_team(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def household_for(request, pk: int, policy=policies.can_assign) -> Household:
    """A case the coordinator may act on; one outside their teams does not exist (404).
    Its opening is logged (audit)."""
    cases = visible_to(request.user, Household).select_related("team")
    cases = cases.annotate(neighbourhood_name=area_name("neighbourhood_code", "neighbourhood_year"))
    household = get_object_or_404(cases, pk=pk)
    if not policy(request.user, household):
        raise PermissionDenied
    events.case_viewed.send(sender=None, request=request, household=household)
    return household
