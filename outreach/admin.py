from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from outreach.admin_base import HistoryAdmin
from outreach.models import (
    ConsentText,
    ErasureRecord,
    Municipality,
    Provision,
    Team,
    TeamMembership,
    User,
)
from outreach.services.api_tokens import api_token_revoke
from outreach.services.two_factor import two_factor_reset


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0

    def get_queryset(self, request):
        # Each row is named "user @ team": both in the same query, not one per row.
        return super().get_queryset(request).select_related("user", "team")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Outreach"), {"fields": ("role", "municipality")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Outreach"), {"fields": ("role", "municipality")}),
    )
    inlines = [MembershipInline]
    # --- Login and security ---
    actions = ["reset_two_factor"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Deactivated: the API token ends now, and does not come back with reactivation.
            api_token_revoke(user=obj)

    @admin.action(description=_("Reset two-step login (lost phone)"))
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor_reset(user=user)
            # Who reset whose login, in the user's history in the admin.
            self.log_change(request, user, "Reset two-step login (lost phone)")
        self.message_user(
            request,
            _("Two-step login was reset. At the next login they set up a new app."),
        )


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "code")


@admin.register(Team)
class TeamAdmin(HistoryAdmin):
    list_display = ("name", "municipality")
    list_filter = ("municipality",)
    inlines = [MembershipInline]


@admin.register(Provision)
class ProvisionAdmin(HistoryAdmin):
    list_display = ("name", "level", "typical_annual_value", "active")
    list_filter = ("level", "active")
    search_fields = ("name",)


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ("scope", "version", "published_on")
    list_filter = ("scope",)


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    list_display = ("subject", "reference", "erased_at", "erased_by", "reason")
    list_filter = ("subject",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Coordinator workspace ---
from outreach.models import (  # noqa: E402
    AllowanceLimit,
    PeerDecline,
    Signal,
    SignalTheme,
    VolunteerMonth,
)


@admin.register(AllowanceLimit)
class AllowanceLimitAdmin(HistoryAdmin):
    list_display = ("year", "per_hour", "per_month", "per_year")


@admin.register(SignalTheme)
class SignalThemeAdmin(HistoryAdmin):
    """The list of signal themes, kept here per municipality (or shared by all): the names
    coordinators choose from and the municipality reads in its figures."""

    list_display = ("name", "municipality", "listed", "active")
    list_filter = ("listed", "active", "municipality")
    search_fields = ("name",)
    fields = ("name", "municipality", "listed", "active")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Signal)
class SignalAdmin(HistoryAdmin):
    list_display = ("theme", "team", "neighbourhood_code", "households_concerned", "status")
    list_filter = ("status", "theme", "team")
    readonly_fields = ("recorded_by", "reviewed_by", "reviewed_at")


@admin.register(PeerDecline)
class PeerDeclineAdmin(HistoryAdmin):
    list_display = ("household", "peer", "created_at")
    raw_id_fields = ("household",)
    readonly_fields = ("recorded_by",)


@admin.register(VolunteerMonth)
class VolunteerMonthAdmin(HistoryAdmin):
    list_display = ("user", "team", "month", "hours", "allowance", "other_allowance")
    list_filter = ("team",)
    date_hierarchy = "month"
