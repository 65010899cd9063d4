from django.contrib import admin

from reach.models import ReachSnapshot


@admin.register(ReachSnapshot)
class ReachSnapshotAdmin(admin.ModelAdmin):
    """When each municipality's figures were last refreshed, and with which k. Read-only:
    the figures change only by a refresh (`refresh_reach` or the nightly task)."""

    list_display = ["municipality_name", "municipality_code", "refreshed_at", "k", "rounding"]
    readonly_fields = [field.name for field in ReachSnapshot._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
