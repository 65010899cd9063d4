"""The local offer: per municipality, what a household can take part in (a club, a course,
an activity at the community centre) or apply to for the costs (a fund or a municipal
scheme). Kept by the municipality and the coordinators, read by the peers on the phone."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OfferKind(models.TextChoices):
    CLUB = "club", _("Club")
    COURSE = "course", _("Course")
    COMMUNITY_CENTRE = "community_centre", _("Community centre activity")
    # A fund pays for the others: Jeugdfonds Sport & Cultuur, a municipal "meedoen" scheme.
    FUND = "fund", _("Fund or scheme that pays")


class LocalOffer(models.Model):
    municipality = models.ForeignKey(
        "outreach.Municipality",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=OfferKind.choices)
    # WishCategory values; empty: it fits every kind of wish (a fund for all costs).
    categories = models.JSONField(_("fits wishes of kind"), default=list, blank=True)
    audience = models.CharField(
        _("who it is for"),
        max_length=300,
        blank=True,
        help_text=_('For example "children from 4 to 18" or "adults who want to learn Dutch".'),
    )
    age_min = models.PositiveSmallIntegerField(
        _("from age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("up to age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    cost = models.CharField(
        _("cost"),
        max_length=200,
        blank=True,
        help_text=_('For example "free", "€ 25 per year" or "pays up to € 425 per child".'),
    )
    how_to_apply = models.TextField(
        _("how to apply"),
        max_length=2000,
        help_text=_("In plain words: where to go or call, and what to bring."),
    )
    contact = models.CharField(
        _("contact"),
        max_length=300,
        blank=True,
        help_text=_(
            "Phone number, e-mail or address of the organisation; never a person's own details."
        ),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("local offer")
        verbose_name_plural = _("local offer")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("This date is before the start date.")})
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            raise ValidationError({"age_max": _("This age is below the lowest age.")})

    def is_current(self, on: date | None = None) -> bool:
        """Active and valid on this day (today)."""
        on = on or timezone.localdate()
        return (
            self.active
            and (self.valid_from is None or self.valid_from <= on)
            and (self.valid_until is None or on <= self.valid_until)
        )

    def fits_category(self, category: str) -> bool:
        return not self.categories or category in self.categories
