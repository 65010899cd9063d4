from rest_framework import permissions

from outreach import policies


class WorksOnCases(permissions.BasePermission):
    """Case records are for peers, coordinators and admins. The municipality role never
    reaches them (403): its figures come from the anonymised reach store only."""

    def has_permission(self, request, view):
        return policies.works_on_cases(request.user)


class CatalogueReadOrAdmin(permissions.BasePermission):
    def has_permission(self, request, view):
        if not policies.works_on_cases(request.user):
            return False
        return request.method in permissions.SAFE_METHODS or policies.can_manage_catalogue(
            request.user
        )
