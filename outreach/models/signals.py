from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.validators import validate_neighbourhood_code


class SignalStatus(models.TextChoices):
    NEW = "new", _("To review")
    FORWARDED = "forwarded", _("Forwarded to the municipality")
    SET_ASIDE = "set_aside", _("Not forwarded")


# A theme starts with a letter or digit: never with a character a spreadsheet takes for a
# formula, and never like the fixed rows of the figures ("*hidden").
theme_name_validator = RegexValidator(r"^[^\W_]", _("A theme starts with a letter or a digit."))


class SignalTheme(models.Model):
    """What a signal is about, from a list an administrator keeps in the admin: a starting
    list shared by every municipality and each municipality's own themes. Coordinators
    choose from the list and never type a theme: the names reach the municipality's
    figures. `listed` is off for a theme nobody vetted yet (one typed in by a coordinator
    before the list was kept by the administrator): it cannot be chosen and its signals
    count in the figures without its name."""

    name = models.CharField(_("theme"), max_length=80, validators=[theme_name_validator])
    municipality = models.ForeignKey(
        "outreach.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signal_themes",
        help_text=_("Empty: part of the starting list that every municipality uses."),
    )
    active = models.BooleanField(_("in use"), default=True)
    listed = models.BooleanField(
        _("on the list"),
        default=True,
        help_text=_(
            "Checked by an administrator: the name may appear in the municipality's figures. "
            "Off: the theme cannot be chosen, and its signals count without its name."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signal theme")
        verbose_name_plural = _("signal themes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="signal_theme_unique_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(municipality__isnull=True),
                name="signal_theme_unique_shared",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Signal(models.Model):
    """A need that officials overlook, seen in several homes. Deliberately holds no link
    to a household and no personal data: it reaches the municipality as theme and count."""

    team = models.ForeignKey(
        "outreach.Team", on_delete=models.PROTECT, related_name="signals", verbose_name=_("team")
    )
    theme = models.ForeignKey(
        SignalTheme, on_delete=models.PROTECT, related_name="signals", verbose_name=_("theme")
    )
    neighbourhood_code = models.CharField(
        _("CBS neighbourhood"), max_length=10, validators=[validate_neighbourhood_code]
    )
    neighbourhood_year = models.PositiveSmallIntegerField(_("year of the CBS division"))
    description = models.TextField(_("description"), max_length=2000)
    households_concerned = models.PositiveIntegerField(
        _("households concerned"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SignalStatus.choices, default=SignalStatus.NEW
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("note"), max_length=500, blank=True)
    # What the municipality reads: the description as the coordinator edited it when
    # forwarding, checked for personal data then. The description stays the team's own.
    forwarded_text = models.TextField(_("text for the municipality"), max_length=2000, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["team", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(households_concerned__gte=1), name="signal_concerns_a_household"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme} ({self.neighbourhood_code})"


class SignalAnswerStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    LOOKING_INTO = "looking_into", _("Being looked into")
    ACTION_TAKEN = "action_taken", _("Action taken")
    NO_ACTION = "no_action", _("No action")


class SignalAnswer(models.Model):
    """The municipality's answer to a forwarded signal. Each answer is a row of its own, so
    the team sees how the answer went (received, then looked into, then done); the latest
    is the signal's current answer. Who answered stays with us: the team sees the
    municipality answered, not which official."""

    signal = models.ForeignKey(
        Signal, on_delete=models.CASCADE, related_name="answers", verbose_name=_("signal")
    )
    status = models.CharField(_("status"), max_length=15, choices=SignalAnswerStatus.choices)
    reply = models.TextField(_("reply"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer to a signal")
        verbose_name_plural = _("answers to signals")
        ordering = ["-answered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="no_action") | ~Q(reply=""),
                name="signal_answer_no_action_says_why",
            )
        ]

    def __str__(self) -> str:
        return f"{self.signal_id}: {self.get_status_display()}"
