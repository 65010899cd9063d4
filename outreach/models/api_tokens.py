from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A person's API login (one at a time: each login replaces the last). Only a SHA-256
    digest of the key is kept; the key itself is in the answer to the login and nowhere else,
    so neither the database nor the admin can hand it out (outreach/services/api_tokens.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_token",
        verbose_name=_("user"),
    )
    digest = models.CharField(_("digest of the key"), max_length=64, unique=True)
    # A keyed hash of the password (hash) at the login: a new password ends the token.
    password_fingerprint = models.CharField(max_length=64)
    created = models.DateTimeField(_("given out at"), default=timezone.now)

    class Meta:
        verbose_name = _("API login")
        verbose_name_plural = _("API logins")

    def __str__(self) -> str:
        return str(self.user)
