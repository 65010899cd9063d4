from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ProvisionLevel(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    NATIONAL = "national", _("National")
    FUND = "fund", _("Fund or charity")


def current_year() -> int:
    return timezone.localdate().year


class Provision(models.Model):
    """An allowance, remission or fund a household may be entitled to (the catalogue), as it
    stands from one year on. Amounts and norms change every 1 January: the next year's row
    is a new row, so that last year's checks keep pointing at last year's amounts. A row
    without a municipality is shared by all (a national provision); a municipality's own
    rows are its local catalogue."""

    municipality = models.ForeignKey(
        "outreach.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provisions",
        verbose_name=_("municipality"),
        help_text=_("Empty: shared by every municipality (a national provision)."),
    )
    name = models.CharField(_("name"), max_length=120)
    year = models.PositiveSmallIntegerField(
        _("from year"),
        default=current_year,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The first year these amounts and rules apply; they last until a newer year."),
    )
    level = models.CharField(_("level"), max_length=10, choices=ProvisionLevel.choices)
    eligibility_note = models.TextField(_("who is eligible"), blank=True, max_length=2000)
    how_to_apply = models.TextField(
        _("how to apply"),
        blank=True,
        max_length=2000,
        help_text=_("In plain words: where and how a household applies, and what to bring."),
    )
    typical_annual_value = models.DecimalField(
        _("typical value per year (EUR)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    decision_term_weeks = models.PositiveSmallIntegerField(
        _("decision term (weeks)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_(
            "How long the provider may take to decide after an application is submitted "
            "(the Awb's default is 8 weeks)."
        ),
    )
    application_documents = models.TextField(
        _("documents for an application"),
        blank=True,
        max_length=2000,
        help_text=_("One document per line; each application starts with this checklist."),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "year"],
                condition=Q(municipality__isnull=False),
                name="provision_unique_local_name_year",
            ),
            models.UniqueConstraint(
                fields=["name", "year"],
                condition=Q(municipality__isnull=True),
                name="provision_unique_national_name_year",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def document_list(self) -> list[str]:
        """The default checklist of an application: the non-empty lines, trimmed."""
        return [line.strip() for line in self.application_documents.splitlines() if line.strip()]


class ProvisionOutcome(models.TextChoices):
    ALREADY_USED = "already_used", _("Already used")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    NON_USE_FOUND = "non_use_found", _("Entitled but not used")
    APPLICATION_IN_PROGRESS = "application_in_progress", _("Application in progress")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")


class NonUseReason(models.TextChoices):
    UNAWARE = "unaware", _("Did not know about it")
    TOO_COMPLEX = "too_complex", _("Too complicated")
    SHAME = "shame", _("Shame")
    FEAR_OF_REPAYMENT = "fear_of_repayment", _("Afraid of having to pay back")
    THOUGHT_NOT_ELIGIBLE = "thought_not_eligible", _("Thought not to be eligible")
    OTHER = "other", _("Other")


class ProvisionCheck(models.Model):
    """Whether a household uses a provision it is entitled to, and what came of it."""

    household = models.ForeignKey(
        "outreach.Household", on_delete=models.CASCADE, related_name="provision_checks"
    )
    provision = models.ForeignKey(
        Provision, on_delete=models.PROTECT, related_name="checks", verbose_name=_("provision")
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=ProvisionOutcome.choices)
    non_use_reason = models.CharField(
        _("reason for non-use"), max_length=30, choices=NonUseReason.choices, blank=True
    )
    estimated_annual_value = models.DecimalField(
        _("estimated value per year (EUR)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100000)],
    )
    checked_on = models.DateField(_("checked on"), default=timezone.localdate)
    outcome_changed_on = models.DateField(_("outcome changed on"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("provision check")
        verbose_name_plural = _("provision checks")
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.household} {self.provision}"
