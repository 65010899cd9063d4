from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models.fields import neighbourhood_fields
from outreach.models.households import ReferralSource


class ContactOutcome(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    NOT_NOW = "not_now", _("Not now")
    NO = "no", _("No")


class FirstContact(models.Model):
    """A first contact with a household, noted before it has agreed to anything: where, how
    the team came into contact and what the household said. It names nobody (no name,
    address or phone), so it may be kept without consent; it counts only as a contact."""

    team = models.ForeignKey(
        "outreach.Team",
        on_delete=models.PROTECT,
        related_name="first_contacts",
        verbose_name=_("team"),
    )
    neighbourhood_code, neighbourhood_year = neighbourhood_fields()
    referral_source = models.CharField(
        _("how the team came into contact"),
        max_length=20,
        choices=ReferralSource.choices,
        default=ReferralSource.TEAM,
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=ContactOutcome.choices)
    contacted_on = models.DateField(_("date of the contact"), default=timezone.localdate)
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("noted by"),
    )
    # Given by the form when it opens, as for visits: a resend from the phone's outbox
    # makes no second contact.
    client_uuid = models.UUIDField(
        _("client id"), unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("first contact")
        verbose_name_plural = _("first contacts")
        ordering = ["-contacted_on", "-created_at"]
        indexes = [models.Index(fields=["team", "contacted_on"])]

    def __str__(self) -> str:
        return f"{self.team} {self.contacted_on} {self.outcome}"


class PostcodeArea(models.Model):
    """Which neighbourhood most addresses of a six-position postcode lie in, in one year's
    CBS division (loaded from CBS's postcode-and-house-number file). Only a suggestion:
    the peer chooses the neighbourhood by name and may choose another."""

    postcode = models.CharField(_("postcode"), max_length=6)
    year = models.PositiveSmallIntegerField(_("year of the CBS division"))
    neighbourhood_code = models.CharField(_("CBS neighbourhood"), max_length=10)
    district_code = models.CharField(_("CBS district"), max_length=8)
    municipality_code = models.CharField(_("CBS municipality"), max_length=6)

    class Meta:
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")
        constraints = [
            models.UniqueConstraint(fields=["postcode", "year"], name="one_area_per_postcode_year")
        ]

    def __str__(self) -> str:
        return f"{self.postcode} {self.neighbourhood_code} ({self.year})"
