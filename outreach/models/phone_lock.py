from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PhonePin(models.Model):
    """The PIN that opens a peer's phone pages after the app lock closed them (a phone shared
    with family). Only its hash is kept, made with Django's password hasher, like a password
    (outreach/services/phone_lock.py). It holds nothing of a household."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="phone_pin",
        verbose_name=_("user"),
    )
    pin_hash = models.CharField(_("hash of the PIN"), max_length=256)
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("phone PIN")
        verbose_name_plural = _("phone PINs")

    def __str__(self) -> str:
        return str(self.user)
