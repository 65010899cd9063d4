from rest_framework import permissions

from outreach import policies


class WorksOnCases(permissions.BasePermission):
    """Case records are for peers, coordinators and admins. The municipality role never
    reaches them (403): its figures come from the anonymised reach store only."""

    def has_permission(self, request, view):
        return policies.works_on_cases(request.user)


class WorksOnCasesOrManages(permissions.BasePermission):
    """Colleagues' accounts: for who works on cases, and for who manages a municipality."""

    def has_permission(self, request, view):
        return policies.works_on_cases(request.user) or policies.manages_a_municipality(
            request.user
        )


class CatalogueReadOrManage(permissions.BasePermission):
    """The catalogue and consent texts: read by who works on cases or manages a
    municipality; changed by who manages (which rows: the view's object check)."""

    def has_permission(self, request, view):
        if not policies.reads_catalogue(request.user):
            return False
        return request.method in permissions.SAFE_METHODS or policies.can_manage_catalogue(
            request.user
        )


class RecordPolicy(permissions.BasePermission):
    """The policy a view declares for an action on one record, asked when the view reads the
    record (get_object), so that a record out of scope is a 404 before any 403:
    `record_policies = {"close": (policies.can_close, _("Only a coordinator ..."))}`, each
    policy called with the user and the record."""

    def has_object_permission(self, request, view, obj):
        policy = getattr(view, "record_policies", {}).get(view.action)
        if policy is None:
            return True
        allowed, self.message = policy
        return allowed(request.user, obj)
