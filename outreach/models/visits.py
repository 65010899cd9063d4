import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import (
    post_create_historical_m2m_records,
    pre_create_historical_m2m_records,
)


class VisitKind(models.TextChoices):
    INTAKE = "intake", _("Intake")
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE_CALL = "phone_call", _("Phone call")
    ACCOMPANIMENT = "accompaniment", _("Going along (accompaniment)")
    FOLLOW_UP = "follow_up", _("Follow-up visit")


class VisitHistory(HistoricalRecords):
    """simple-history's records, which can take the peer links a new visit was just saved
    with instead of reading them back: logging a visit is the busiest write there is."""

    def create_historical_record_m2ms(self, history_instance, instance):
        new_links = getattr(instance, "new_peer_links", None)
        if new_links is None:
            return super().create_historical_record_m2ms(history_instance, instance)
        field = instance._meta.get_field("peers")
        m2m_history_model = self.m2m_models[field]
        rows = [
            m2m_history_model(
                history=history_instance, id=link.pk, visit_id=link.visit_id, user_id=link.user_id
            )
            for link in new_links
        ]
        # The same signals as simple-history sends, so anything listening sees no difference.
        signal = {"history_instance": history_instance, "instance": instance, "field": field}
        pre_create_historical_m2m_records.send(sender=m2m_history_model, rows=rows, **signal)
        created_rows = m2m_history_model.objects.bulk_create(rows)
        post_create_historical_m2m_records.send(
            sender=m2m_history_model, created_rows=created_rows, **signal
        )


# Kept by name: logging a visit writes its first history entry itself, with the peers in it
# (outreach.services.visits).
VISIT_HISTORY = VisitHistory(m2m_fields=["peers"])


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
