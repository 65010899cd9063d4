from django.contrib import admin

from audit.models import AccessLog, BreakGlassGrant


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail is written by the application only; nobody edits it by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "role", "action", "household_reference", "status_code")
    list_filter = ("action", "role")
    search_fields = ("username", "household_reference")
    date_hierarchy = "at"


@admin.register(BreakGlassGrant)
class BreakGlassGrantAdmin(ReadOnlyAdmin):
    list_display = ("granted_at", "user", "household_reference", "expires_at", "reason")
    list_select_related = ("user",)
    search_fields = ("household_reference", "user__username")
