from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Appreciation(models.Model):
    """A thank-you from the coordinator to a peer of the team, shown on the peer's Today page
    until the peer puts it away. About the peer's work, never about a household."""

    team = models.ForeignKey(
        "outreach.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    peer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="appreciations",
        verbose_name=_("team member"),
    )
    message = models.CharField(_("message"), max_length=300)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)
    dismissed_at = models.DateTimeField(_("put away at"), null=True, blank=True)

    class Meta:
        verbose_name = _("thank-you")
        verbose_name_plural = _("thank-yous")
        ordering = ["-sent_at"]
        indexes = [
            models.Index(
                fields=["peer"],
                condition=models.Q(dismissed_at__isnull=True),
                name="appreciation_shown",
            )
        ]

    def __str__(self) -> str:
        return self.message
