from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from outreach import policies, querysets
from outreach.admin_base import HistoryAdmin, MunicipalScope, is_municipal_admin
from outreach.models import (
    Consent,
    ConsentText,
    ErasureRecord,
    Municipality,
    Provision,
    Role,
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
        memberships = super().get_queryset(request).select_related("user", "team")
        if is_municipal_admin(request):
            # Memberships of another municipality's teams stay out of sight (and unchanged).
            return memberships.filter(team__in=querysets.teams_managed_by(request.user))
        return memberships

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if is_municipal_admin(request) and db_field.name == "team":
            kwargs["queryset"] = querysets.teams_managed_by(request.user)
        elif is_municipal_admin(request) and db_field.name == "user":
            kwargs["queryset"] = querysets.accounts_managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _manages(self, request) -> bool:
        return policies.manages_a_municipality(request.user)

    def has_view_permission(self, request, obj=None):
        return self._manages(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if is_municipal_admin(request):
            return self._manages(request)
        return super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if is_municipal_admin(request):
            return self._manages(request)
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if is_municipal_admin(request):
            return self._manages(request)
        return super().has_delete_permission(request, obj)


def _own_municipality_only(request, db_field, kwargs) -> None:
    """A municipal administrator's rows belong to its municipality: the only choice."""
    if is_municipal_admin(request) and db_field.name == "municipality":
        kwargs["queryset"] = querysets.municipalities_managed_by(request.user)
        kwargs["required"] = True
        kwargs["empty_label"] = None


@admin.register(User)
class UserAdmin(MunicipalScope, DjangoUserAdmin):
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
    # A municipal administrator manages team members' accounts: no staff rights, groups,
    # permissions or municipality (the account is its municipality's).
    municipal_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Outreach"), {"fields": ("role", "is_active")}),
    )
    municipal_add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Outreach"), {"fields": ("role",)}),
    )
    inlines = [MembershipInline]
    # --- Login and security ---
    actions = ["reset_two_factor"]

    def visible_rows(self, request):
        return querysets.accounts_managed_by(request.user)

    def may_manage(self, request, obj) -> bool:
        return True

    def get_fieldsets(self, request, obj=None):
        if is_municipal_admin(request):
            return self.municipal_add_fieldsets if obj is None else self.municipal_fieldsets
        return super().get_fieldsets(request, obj)

    def get_list_filter(self, request):
        return ("is_active",) if is_municipal_admin(request) else self.list_filter

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if is_municipal_admin(request) and db_field.name == "role":
            kwargs["choices"] = [
                (value, label)
                for value, label in Role.choices
                if value in querysets.MANAGED_ACCOUNT_ROLES
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if is_municipal_admin(request) and obj.municipality_id is None:
            # Its municipality keeps the account in sight before it joins a team.
            obj.municipality_id = request.user.municipality_id
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
class MunicipalityAdmin(MunicipalScope, admin.ModelAdmin):
    list_display = ("name", "code", "sms_sender_name", "sms_help_contact")

    def visible_rows(self, request):
        return querysets.municipalities_managed_by(request.user)

    def may_manage(self, request, obj) -> bool:
        return policies.manages_municipality(request.user, obj.pk)

    def get_readonly_fields(self, request, obj=None):
        # Which municipality it is, is the operator's to say; how it signs, its own.
        return ("code", "name") if is_municipal_admin(request) else ()

    def has_add_permission(self, request, *args):
        return not is_municipal_admin(request) and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        return not is_municipal_admin(request) and super().has_delete_permission(request, obj)


@admin.register(Team)
class TeamAdmin(MunicipalScope, HistoryAdmin):
    list_display = ("name", "municipality")
    list_filter = ("municipality",)
    inlines = [MembershipInline]

    def visible_rows(self, request):
        return querysets.teams_managed_by(request.user)

    def may_manage(self, request, obj) -> bool:
        return policies.manages_municipality(request.user, obj.municipality_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _own_municipality_only(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Provision)
class ProvisionAdmin(MunicipalScope, HistoryAdmin):
    """The catalogue: shared rows (no municipality) are the operator's, a municipality's own
    rows its administrator's, who sees the shared ones without changing them. Next year's
    amounts are a new row: open this year's and choose "Save as new" with the new year."""

    list_display = ("name", "municipality", "year", "level", "typical_annual_value", "active")
    list_filter = ("year", "level", "active", "municipality")
    search_fields = ("name",)
    save_as = True

    def visible_rows(self, request):
        return querysets.provisions_visible_to(request.user)

    def may_manage(self, request, obj) -> bool:
        return policies.manages_municipality(request.user, obj.municipality_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _own_municipality_only(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ConsentText)
class ConsentTextAdmin(MunicipalScope, admin.ModelAdmin):
    """Consent texts: the deployment's (no municipality) are the operator's; a municipality
    publishes its own as a new version, which its households are shown from then on."""

    list_display = ("scope", "version", "municipality", "published_on")
    list_filter = ("scope", "municipality")

    def visible_rows(self, request):
        return querysets.consent_texts_visible_to(request.user)

    def may_manage(self, request, obj) -> bool:
        # A text households agreed to stays as they read it: a new version replaces it.
        return (
            policies.manages_municipality(request.user, obj.municipality_id)
            and not Consent.objects.filter(text=obj).exists()
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _own_municipality_only(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
    SignalAnswer,
    SignalTheme,
    VolunteerMonth,
)


@admin.register(AllowanceLimit)
class AllowanceLimitAdmin(HistoryAdmin):
    list_display = ("year", "per_hour", "per_hour_under_21", "per_month", "per_year", "source")


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


class SignalAnswerInline(admin.TabularInline):
    """The municipality's answers, as given: read only (they are the municipality's word)."""

    model = SignalAnswer
    fields = ("status", "reply", "answered_by", "answered_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Signal)
class SignalAdmin(HistoryAdmin):
    list_display = ("theme", "team", "neighbourhood_code", "households_concerned", "status")
    list_filter = ("status", "theme", "team")
    # The text the municipality read was checked when forwarded: not changed afterwards here.
    readonly_fields = ("recorded_by", "reviewed_by", "reviewed_at", "forwarded_text")
    inlines = [SignalAnswerInline]


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
