from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models.fields import follow_up_field


class PartnerKind(models.TextChoices):
    """The kinds of partner a household is referred to: fixed, so that the figures can count
    referrals by kind; the organisation itself is named in free text."""

    DEBT_HELP = "debt_help", _("Debt help")
    FOOD_BANK = "food_bank", _("Food bank")
    WMO_DESK = "wmo_desk", _("Wmo desk")
    SOCIAL_WORK = "social_work", _("Social worker")
    OTHER = "other", _("Other organisation")


class ReferralConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Said yes in conversation")
    WRITTEN = "written", _("Signed on paper")


class ContactMade(models.TextChoices):
    UNKNOWN = "unknown", _("Not known yet")
    YES = "yes", _("Yes")
    NO = "no", _("No")


class Referral(models.Model):
    """A household referred to a partner organisation (debt help, the food bank, the Wmo
    desk, a social worker), with its consent for this referral, and whether contact was
    made. Two weeks on, a follow-up asks the peer whether there was contact."""

    household = models.ForeignKey(
        "outreach.Household", on_delete=models.CASCADE, related_name="referrals"
    )
    kind = models.CharField(_("kind of organisation"), max_length=20, choices=PartnerKind.choices)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    consent_method = models.CharField(
        _("how the household agreed"), max_length=10, choices=ReferralConsentMethod.choices
    )
    referred_on = models.DateField(_("referred on"), default=timezone.localdate)
    contact_made = models.CharField(
        _("contact made"), max_length=10, choices=ContactMade.choices, default=ContactMade.UNKNOWN
    )
    contact_on = models.DateField(_("contact on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    follow_up = follow_up_field(verbose_name=_("follow-up"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-id"]
        constraints = [
            # A contact date only once the answer is known (yes: when; no: when asked).
            models.CheckConstraint(
                condition=Q(contact_on__isnull=True) | ~Q(contact_made="unknown"),
                name="referral_contact_date_needs_answer",
            )
        ]

    def __str__(self) -> str:
        return self.organisation or self.get_kind_display()

    @property
    def partner(self) -> str:
        """The organisation as the peer knows it: its name, else its kind."""
        return str(self)
