import uuid
from decimal import Decimal
from pathlib import PurePath

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
    per_hour_under_21 = models.DecimalField(
        _("maximum per hour under 21"), max_digits=6, decimal_places=2
    )
    per_month = models.DecimalField(_("maximum per month"), max_digits=8, decimal_places=2)
    per_year = models.DecimalField(_("maximum per year"), max_digits=8, decimal_places=2)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the amounts come from, and whether they were checked."),
    )
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
        _("hours outside meetings"),
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
    over_limit_confirmed = models.BooleanField(
        _("recorded over a legal maximum"),
        default=False,
        help_text=_("The coordinator saw the warning and recorded the month anyway."),
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


class MeetingKind(models.TextChoices):
    TRAINING = "training", _("Training")
    CASE_DISCUSSION = "case_discussion", _("Case discussion")
    INTERVISION = "intervision", _("Peer review (intervisie)")
    TEAM_MEETING = "team_meeting", _("Team meeting")


class TeamMeeting(models.Model):
    """A training or meeting of the team. The hours of those who attended count as their
    volunteer hours of that month, next to the hours recorded in VolunteerMonth."""

    team = models.ForeignKey(
        "outreach.Team", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("team")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(12)],
    )
    topic = models.CharField(
        _("topic"),
        max_length=200,
        help_text=_("Never the name or address of a household."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team meeting")
        verbose_name_plural = _("team meetings")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"


class MeetingAttendance(models.Model):
    """Whether a team member attended a meeting; only attended hours count."""

    meeting = models.ForeignKey(TeamMeeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_attendance",
        verbose_name=_("team member"),
    )
    attended = models.BooleanField(_("attended"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "user"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.meeting}"


class ExpenseKind(models.TextChoices):
    BUS_FARE = "bus_fare", _("Bus or train fare")
    PHONE_CREDIT = "phone_credit", _("Phone credit")
    OTHER = "other", _("Other")


class ExpenseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")


def receipt_path(instance, filename: str) -> str:
    """A name nobody can guess or link to a person: a random one, with the file's type kept.
    Receipts live under MEDIA_ROOT, which no URL serves; a view checks who asks."""
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"receipts/{uuid.uuid4().hex}{suffix}"


class Expense(models.Model):
    """Costs a team member made for the work (bus fare, phone credit), paid back on a receipt.
    Not income: expenses do not count towards the volunteer allowance's limits."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="expenses",
        verbose_name=_("team member"),
    )
    team = models.ForeignKey(
        "outreach.Team", on_delete=models.CASCADE, related_name="expenses", verbose_name=_("team")
    )
    spent_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ExpenseKind.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    description = models.CharField(_("what for"), max_length=200, blank=True)
    receipt = models.FileField(_("receipt"), upload_to=receipt_path, blank=True, max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=ExpenseStatus.choices, default=ExpenseStatus.SUBMITTED
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-spent_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.spent_on:%Y-%m-%d} {self.amount}"
