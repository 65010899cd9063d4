from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.validators import validate_municipality_code


class Municipality(models.Model):
    code = models.CharField(
        _("CBS code"), max_length=6, unique=True, validators=[validate_municipality_code]
    )
    name = models.CharField(_("name"), max_length=100)
    # Blank: the deployment's own (settings.SMS_SENDER_NAME / SMS_HELP_CONTACT), so one
    # deployment can serve several municipalities, each signing its own text messages.
    sms_sender_name = models.CharField(
        _("name in text messages"),
        max_length=40,
        blank=True,
        help_text=_('How text messages sign off, e.g. "STA-team Roosendaal". Empty: the default.'),
    )
    sms_help_contact = models.CharField(
        _("help number in text messages"),
        max_length=40,
        blank=True,
        help_text=_("Where people can ask questions (answer to HELP). Empty: the default."),
    )
    sms_score_requests = models.BooleanField(
        _("ask for a score by text message"),
        default=True,
        help_text=_(
            "When a case closes well, ask the household by text message for a score from 1 to "
            "10 (only with its consent for text messages)."
        ),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Team(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="teams", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class TeamMembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)

    def instructed(self, on=None):
        """Current memberships whose member has had the privacy instruction: only these
        give access to case records (querysets.current_team_ids)."""
        on = on or timezone.localdate()
        return self.current(on).filter(privacy_instruction_on__lte=on)


class LeavingReason(models.TextChoices):
    """Where a member went when they left the team: turnover is good news when it is work."""

    PAID_WORK = "paid_work", _("Paid work")
    OTHER_VOLUNTEERING = "other_volunteering", _("Other volunteering")
    STUDY = "study", _("Study")
    HEALTH = "health", _("Health")
    MOVED = "moved", _("Moved")
    OTHER = "other", _("Other")


class TeamMembership(models.Model):
    """A user's membership of a team, kept with its dates so that turnover stays visible."""

    user = models.ForeignKey("outreach.User", on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # Case records open to a new member only once the coordinator has recorded this.
    privacy_instruction_on = models.DateField(
        _("privacy instruction given on"), null=True, blank=True
    )
    left_for = models.CharField(
        _("left for"), max_length=20, choices=LeavingReason.choices, blank=True
    )
    leaving_note = models.CharField(_("note on leaving"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["team", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.team}"
