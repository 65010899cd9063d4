import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class VisitKind(models.TextChoices):
    INTAKE = "intake", _("Intake")
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE_CALL = "phone_call", _("Phone call")
    ACCOMPANIMENT = "accompaniment", _("Going along (accompaniment)")
    FOLLOW_UP = "follow_up", _("Follow-up visit")


# Kept by name: logging a visit saves the visit and its peers first and then writes its
# first history entry, so that the entry names them (outreach.services.visits).
VISIT_HISTORY = HistoricalRecords(m2m_fields=["peers"])


class Visit(models.Model):
    household = models.ForeignKey(
        "outreach.Household", on_delete=models.CASCADE, related_name="visits"
    )
    # Made on the phone before sending, so a retried request is recognised as the same visit.
    client_uuid = models.UUIDField(_("client id"), unique=True, default=uuid.uuid4)
    peers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="visits", verbose_name=_("peers present")
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = VISIT_HISTORY

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["household", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.household} {self.started_at:%Y-%m-%d}"

    @cached_property
    def peer_ids(self) -> list[int]:
        """Who was there, by id (from the prefetched peers when a list read them). Logging
        a visit sets it from what it wrote, so the answer does not read them back."""
        return sorted(peer.pk for peer in self.peers.all())
