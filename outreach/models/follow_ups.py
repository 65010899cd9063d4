from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.workflow import FollowUpStatus


class FollowUp(models.Model):
    household = models.ForeignKey(
        "outreach.Household", on_delete=models.CASCADE, related_name="follow_ups"
    )
    wish = models.ForeignKey(
        "outreach.ParticipationWish",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    provision_check = models.ForeignKey(
        "outreach.ProvisionCheck",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    description = models.CharField(_("what is to be done"), max_length=500)
    due_date = models.DateField(_("due date"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("responsible"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completion_note = models.CharField(_("how it was closed"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["responsible", "status", "due_date"]),
            # The overdue board of a team: the few open follow-ups past their date, out of
            # all follow-ups ever made (900,000 at national size: a scan took 0.3 s).
            models.Index(
                fields=["due_date"],
                condition=models.Q(status=FollowUpStatus.OPEN),
                name="outreach_followup_open_due",
            ),
        ]

    def __str__(self) -> str:
        return self.description
