from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConflictRecordType(models.TextChoices):
    HOUSEHOLD = "household", _("Household")
    VISIT = "visit", _("Visit")
    WISH = "wish", _("Wish")
    PROVISION_CHECK = "provision_check", _("Provision check")
    FOLLOW_UP = "follow_up", _("Follow-up")


class ConflictResolution(models.TextChoices):
    KEPT_CURRENT = "kept_current", _("Kept what was saved")
    APPLIED_SUBMITTED = "applied_submitted", _("Used the later change")


class EditConflict(models.Model):
    """A change made on a stale version (offline, or a buddy edited meanwhile) that would
    overwrite someone else's change. Nothing is overwritten: both values are kept here
    until a peer or coordinator chooses."""

    household = models.ForeignKey(
        "outreach.Household", on_delete=models.CASCADE, related_name="conflicts"
    )
    record_type = models.CharField(_("record"), max_length=20, choices=ConflictRecordType.choices)
    record_id = models.PositiveBigIntegerField()
    base_version = models.PositiveIntegerField(_("version the change was made on"))
    current_version = models.PositiveIntegerField(_("version saved at the time"))
    submitted = models.JSONField(_("submitted values"))
    current = models.JSONField(_("saved values"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.CharField(max_length=20, choices=ConflictResolution.choices, blank=True)

    class Meta:
        verbose_name = _("edit conflict")
        verbose_name_plural = _("edit conflicts")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["household", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id} v{self.base_version}"
