from django.contrib import admin
from django.utils.translation import gettext_noop

from audit.models import AccessAction, AccessLog, BreakGlassGrant
from audit.services import describe_query, record_access
from outreach.admin_base import HistoryAdmin
from outreach.models import (
    Application,
    FollowUp,
    Household,
    ParticipationWish,
    ProvisionCheck,
    Visit,
)


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


# --- Case records, for the administrator: to read and to see their change history ---
# Read only: a case changes through the pages and the API, whose services keep the workflow,
# the versions and the phones in step. Every opening is in the access log like any other.


class CaseRecordAdmin(HistoryAdmin, ReadOnlyAdmin):
    """A record of a case: list, detail and simple-history's history page, each logged."""

    list_per_page = 50
    opening_action = AccessAction.VIEW_RECORD

    def household_of(self, obj) -> Household:
        return obj.household

    def _log_opening(self, request, object_id, what: str) -> None:
        obj = self.get_object(request, object_id)
        if obj is not None:
            household = self.household_of(obj)
            action = (
                AccessAction.VIEW_HOUSEHOLD
                if isinstance(obj, Household)
                else AccessAction.VIEW_RECORD
            )
            record_access(request, action=action, household=household, detail=what)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._log_opening(request, object_id, gettext_noop("opened in the admin"))
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context=extra_context)
        self._log_opening(request, object_id, gettext_noop("history opened in the admin"))
        return response

    def changelist_view(self, request, extra_context=None):
        record_access(request, action=AccessAction.VIEW_LIST, detail=describe_query(request))
        return super().changelist_view(request, extra_context)


@admin.register(Household)
class HouseholdAdmin(CaseRecordAdmin):
    list_display = ("reference", "contact_name", "team", "status", "created_at", "closed_at")
    list_filter = ("status", "team")
    list_select_related = ("team",)
    search_fields = ("reference", "contact_name", "street", "postcode")
    date_hierarchy = "created_at"
    opening_action = AccessAction.VIEW_HOUSEHOLD

    def get_queryset(self, request):
        # An anonymised case is only a row of coarse figures: nobody opens it any more.
        return super().get_queryset(request).filter(anonymised_at__isnull=True)

    def household_of(self, obj) -> Household:
        return obj


@admin.register(Visit)
class VisitAdmin(CaseRecordAdmin):
    list_display = ("household", "started_at", "kind", "duration_minutes", "recorded_by")
    list_filter = ("kind",)
    list_select_related = ("household", "recorded_by")
    search_fields = ("household__reference",)
    date_hierarchy = "started_at"


@admin.register(ParticipationWish)
class ParticipationWishAdmin(CaseRecordAdmin):
    list_display = ("household", "category", "description", "status", "articulated_on")
    list_filter = ("category", "status")
    list_select_related = ("household",)
    search_fields = ("household__reference", "description")


@admin.register(ProvisionCheck)
class ProvisionCheckAdmin(CaseRecordAdmin):
    list_display = ("household", "provision", "outcome", "checked_on")
    list_filter = ("outcome", "provision")
    list_select_related = ("household", "provision")
    search_fields = ("household__reference",)


@admin.register(Application)
class ApplicationAdmin(CaseRecordAdmin):
    list_display = ("household", "provision_check", "status", "submitted_on", "decision_due_on")
    list_filter = ("status", "postponed")
    list_select_related = ("household", "provision_check__provision")
    search_fields = ("household__reference",)


@admin.register(FollowUp)
class FollowUpAdmin(CaseRecordAdmin):
    list_display = ("household", "description", "due_date", "responsible", "status")
    list_filter = ("status",)
    list_select_related = ("household", "responsible")
    search_fields = ("household__reference", "description")
