"""Group activities that grew out of the visits, their sessions, participants and attendance."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class Activity(models.Model):
    """A group (cooking group, walking group, course) run by or for a team's households."""

    team = models.ForeignKey(
        "outreach.Team", on_delete=models.PROTECT, related_name="activities", verbose_name=_("team")
    )
    name = models.CharField(_("name"), max_length=120)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_activities",
        verbose_name=_("organiser in the team"),
    )
    started_by_residents = models.BooleanField(_("started by residents themselves"), default=False)
    # A participant is regular when present at least this many of the last N sessions.
    regular_min_present = models.PositiveSmallIntegerField(
        _("regular: present at least"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    regular_window = models.PositiveSmallIntegerField(
        _("regular: of the last sessions"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    reminder_hours_before = models.PositiveSmallIntegerField(
        _("reminder hours before a session"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(regular_min_present__lte=models.F("regular_window")),
                name="activity_regular_min_within_window",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One meeting of an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["activity", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def where(self) -> str:
        return self.place or self.activity.place


class Participant(models.Model):
    """Someone who takes part: a member of a visited household or anyone else."""

    team = models.ForeignKey("outreach.Team", on_delete=models.PROTECT, related_name="participants")
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("mobile phone"), max_length=16, blank=True)
    # A participant takes part in their own right: erasing the household they belong to
    # only removes the link, not their own enrolment and consent.
    household = models.ForeignKey(
        "outreach.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("member of household"),
    )
    language = models.CharField(
        _("language of messages"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    sms_paused = models.BooleanField(_("text messages paused"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Set when the link to a household is cut by anonymisation, so the reach figures stay
    # what they were: a token shared by the participants of that household (derived with a
    # secret that is thrown away, so it leads to no household) and its neighbourhood code.
    reach_unit = models.CharField(max_length=32, blank=True, editable=False)
    reach_neighbourhood = models.CharField(max_length=10, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["phone"])]

    def __str__(self) -> str:
        return self.name


class EnrolmentRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    VOLUNTEER = "volunteer", _("Volunteer")
    ORGANISER = "organiser", _("Organiser")


class Enrolment(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="enrolments")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="enrolments"
    )
    role = models.CharField(
        _("role"), max_length=12, choices=EnrolmentRole.choices, default=EnrolmentRole.PARTICIPANT
    )
    is_regular = models.BooleanField(_("enrolled as regular participant"), default=False)
    enrolled_at = models.DateTimeField(default=timezone.now, editable=False)
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["activity", "participant__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "participant"],
                condition=Q(ended_at__isnull=True),
                name="one_current_enrolment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.activity}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(_("present"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="one_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.session}"


class WishFulfilment(models.Model):
    """A participation wish realised by taking part in an activity."""

    wish = models.OneToOneField(
        "outreach.ParticipationWish", on_delete=models.CASCADE, related_name="fulfilment"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="fulfilments")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("wish realised by an activity")
        verbose_name_plural = _("wishes realised by activities")

    def __str__(self) -> str:
        return f"{self.wish} → {self.activity}"
