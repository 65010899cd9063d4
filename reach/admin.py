from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outreach.models import Municipality
from reach.models import ReachSnapshot
from reach.services import reach_refresh


@admin.register(ReachSnapshot)
class ReachSnapshotAdmin(admin.ModelAdmin):
    """When each municipality's figures were last refreshed, and with which k. Read-only:
    the figures change only by a refresh (the nightly task, `refresh_reach`, or the
    "refresh now" action here)."""

    list_display = ["municipality_name", "municipality_code", "refreshed_at", "k", "rounding"]
    readonly_fields = [field.name for field in ReachSnapshot._meta.fields]
    actions = ["refresh_now"]

    @admin.action(description=_("Refresh these figures now"))
    def refresh_now(self, request, queryset):
        codes = list(queryset.values_list("municipality_code", flat=True))
        for municipality in Municipality.objects.filter(code__in=codes):
            reach_refresh(municipality=municipality)
        self.message_user(
            request,
            ngettext(
                "The figures of %(count)d municipality were refreshed.",
                "The figures of %(count)d municipalities were refreshed.",
                len(codes),
            )
            % {"count": len(codes)},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
