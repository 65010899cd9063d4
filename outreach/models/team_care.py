from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AllowanceLimit(models.Model):
    """The legal maximum of a tax-free volunteer allowance in a year (Belastingdienst).
    All three limits apply at once; kept in data because they change by year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    per_hour = models.DecimalField(_("maximum per hour"), max_digits=6, decimal_places=2)
    per_month = models.DecimalField(_("maximum per month"), max_digits=8, decimal_places=2)
    per_year = models.DecimalField(_("maximum per year"), max_digits=8, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volunteer allowance limit")
        verbose_name_plural = _("volunteer allowance limits")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class VolunteerMonth(models.Model):
    """A team member's volunteer hours and allowance in one month. Allowances from other
    organisations count towards the same legal maximum, so they are kept alongside."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteer_months",
        verbose_name=_("team member"),
    )
    team = models.ForeignKey(
        "outreach.Team", on_delete=models.CASCADE, related_name="volunteer_months"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(744)],
    )
    allowance = models.DecimalField(
        _("allowance from us"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    other_allowance = models.DecimalField(
        _("allowance from other organisations"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volunteer month")
        verbose_name_plural = _("volunteer months")
        ordering = ["-month", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="one_volunteer_month"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.month:%Y-%m}"

    @property
    def total_allowance(self):
        return self.allowance + self.other_allowance
