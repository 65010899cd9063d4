from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureSubject(models.TextChoices):
    HOUSEHOLD = "household", _("Household")
    PARTICIPANT = "participant", _("Participant")


class ErasureRecord(models.Model):
    """Proof that an erasure happened (right to erasure or end of retention), not of what was
    erased. Holds only the case's old reference, which no longer leads to any row."""

    subject = models.CharField(
        _("erased"), max_length=12, choices=ErasureSubject.choices, default=ErasureSubject.HOUSEHOLD
    )
    reference = models.CharField(_("reference"), max_length=20, blank=True)
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return self.reference
