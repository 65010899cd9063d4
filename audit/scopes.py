"""Who may read the access log and the break-the-glass grants, and which cases a grant
opens. Built from the user-scope primitives of outreach/querysets.py; the grant reaches
households_visible_to there through household_grant_register (audit/apps.py), so which
cases a user sees is still decided in that one place."""

from django.db.models import QuerySet

from audit.models import AccessLog, BreakGlassGrant
from outreach.models import Role, User
from outreach.querysets import current_team_ids


def break_glass_household_ids(user: User) -> QuerySet:
    """Cases of other teams that this coordinator opened by breaking the glass, while the
    grant lasts."""
    return BreakGlassGrant.objects.active().filter(user=user).values("household_id")


def access_log_visible_to(user: User) -> QuerySet[AccessLog]:
    """Admins read the whole access log; coordinators that of their teams' cases; nobody
    else any of it."""
    entries = AccessLog.objects.all()
    if not user.is_authenticated or not user.is_active:
        return entries.none()
    if user.role == Role.ADMIN:
        return entries
    if user.role == Role.COORDINATOR:
        return entries.filter(household__team_id__in=current_team_ids(user))
    return entries.none()


def break_glass_grants_visible_to(user: User) -> QuerySet[BreakGlassGrant]:
    """Admins see every grant; a coordinator their own."""
    grants = BreakGlassGrant.objects.all()
    if not user.is_authenticated or not user.is_active:
        return grants.none()
    if user.role == Role.ADMIN:
        return grants
    if user.role == Role.COORDINATOR:
        return grants.filter(user=user)
    return grants.none()
