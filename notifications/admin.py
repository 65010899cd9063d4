from django.contrib import admin

from notifications.models import (
    Activity,
    InboundMessage,
    OutboxMessage,
    Participant,
    PhoneOptOut,
    Session,
)
from outreach.admin_base import HistoryAdmin


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    list_display = ("name", "team", "place", "active")
    list_filter = ("team", "active")


@admin.register(Session)
class SessionAdmin(HistoryAdmin):
    list_display = ("activity", "starts_at", "cancelled")
    list_filter = ("activity__team",)


@admin.register(Participant)
class ParticipantAdmin(HistoryAdmin):
    list_display = ("name", "team", "sms_paused")
    search_fields = ("name",)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "to", "status", "attempts", "error_code")
    list_filter = ("status", "kind")
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PhoneOptOut)
class PhoneOptOutAdmin(admin.ModelAdmin):
    list_display = ("phone", "opted_out_at", "source", "opted_in_at")


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ("received_at", "from_phone", "handled_as")

    def has_add_permission(self, request):
        return False
