from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PeerDecline(models.Model):
    """A household would rather not have this peer in their home (say, a neighbour).
    That peer can never be assigned to the household; the coordinator is told why."""

    household = models.ForeignKey(
        "outreach.Household", on_delete=models.CASCADE, related_name="declines"
    )
    peer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="declined_by",
        verbose_name=_("declined peer"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("declined peer")
        verbose_name_plural = _("declined peers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["household", "peer"], name="decline_once_per_peer")
        ]

    def __str__(self) -> str:
        return f"{self.household} ✕ {self.peer}"
