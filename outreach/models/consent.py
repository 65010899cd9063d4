from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ConsentScope(models.TextChoices):
    HOME_VISITS = "home_visits", _("Home visits")
    DATA_STORAGE = "data_storage", _("Storing data")
    SPECIAL_CATEGORY = "special_category", _("Health and other sensitive data")
    SMS = "sms", _("Text messages (SMS)")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Said yes in conversation")
    WRITTEN = "written", _("Signed on paper")
    DIGITAL = "digital", _("Agreed on a screen")
    PHONE = "phone", _("Said yes on the phone")
    SMS = "sms", _("By text message")


class ConsentText(models.Model):
    """A published version of what the household is asked to agree to. A municipality may
    publish its own; without one, its households are shown the deployment's (no
    municipality)."""

    municipality = models.ForeignKey(
        "outreach.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consent_texts",
        verbose_name=_("municipality"),
        help_text=_("Empty: the text for every municipality that has none of its own."),
    )
    scope = models.CharField(_("scope"), max_length=20, choices=ConsentScope.choices)
    version = models.CharField(_("version"), max_length=20)
    text_nl = models.TextField(_("text (Dutch)"))
    text_en = models.TextField(_("text (English)"))
    published_on = models.DateField(_("published on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["scope", "-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "version"],
                condition=Q(municipality__isnull=True),
                name="consent_text_unique_version",
            ),
            models.UniqueConstraint(
                fields=["municipality", "scope", "version"],
                condition=Q(municipality__isnull=False),
                name="consent_text_unique_local_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} v{self.version}"


class ConsentQuerySet(models.QuerySet):
    def standing(self):
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """Consent given by a household for one scope. Withdrawing keeps the row and stamps it."""

    household = models.ForeignKey(
        "outreach.Household", on_delete=models.CASCADE, related_name="consents"
    )
    scope = models.CharField(_("scope"), max_length=20, choices=ConsentScope.choices)
    text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="+", verbose_name=_("text agreed to")
    )
    method = models.CharField(_("how it was given"), max_length=10, choices=ConsentMethod.choices)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "scope"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_standing_consent_per_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.scope}"
