from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from outreach import policies


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, with a history page that answers 404 for an id that cannot be
    a key (its own view lets the database raise, a server error)."""

    def history_view(self, request, object_id, extra_context=None):
        try:
            self.model._meta.pk.to_python(object_id)
        except ValidationError as error:
            raise Http404 from error
        return super().history_view(request, object_id, extra_context=extra_context)


class OutreachAdminSite(admin.AdminSite):
    """Django's admin site, for the operator (staff) and for municipal administrators, who
    see only the parts that ask `policies` and only their own municipality's rows
    (MunicipalScope below)."""

    def has_permission(self, request):
        return policies.can_open_management(request.user)


def is_municipal_admin(request) -> bool:
    user = request.user
    return user.is_authenticated and user.is_municipal_admin


class MunicipalScope:
    """A ModelAdmin mix-in: for a municipal administrator the list is `visible_rows` (what it
    may read) and each change asks `may_manage(obj)`; the operator (and any other staff)
    keeps Django's own permissions. Objects out of scope are not found (the admin sends the
    user back to its start page, as for a row that does not exist)."""

    def visible_rows(self, request) -> QuerySet:
        raise NotImplementedError

    def may_manage(self, request, obj) -> bool:
        raise NotImplementedError

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if is_municipal_admin(request):
            return rows.filter(pk__in=self.visible_rows(request).values("pk"))
        return rows

    def _in_scope(self, request, obj) -> bool:
        # A historical instance (simple-history's page for a deleted row) is checked by its
        # key against what the user may read now.
        return obj is None or self.visible_rows(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return is_municipal_admin(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        if is_municipal_admin(request):
            return policies.manages_a_municipality(request.user) and self._in_scope(request, obj)
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        if is_municipal_admin(request):
            return policies.manages_a_municipality(request.user)
        return super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        if is_municipal_admin(request):
            return (
                policies.manages_a_municipality(request.user)
                and self._in_scope(request, obj)
                and (obj is None or self.may_manage(request, obj))
            )
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if is_municipal_admin(request):
            return self.has_change_permission(request, obj)
        return super().has_delete_permission(request, obj)
