"""The participation plan agreed with the household, where it stands on the participation
ladder over time, and the household's own score for the help."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models.fields import entered_by_field, follow_up_field


class LadderRung(models.IntegerChoices):
    """The six rungs of the participation ladder ("participatieladder") that Dutch
    municipalities use to say how much someone takes part in society."""

    ISOLATED = 1, _("Isolated")
    SOCIAL_CONTACTS = 2, _("Social contacts outside the home")
    ORGANISED_ACTIVITIES = 3, _("Takes part in organised activities")
    UNPAID_WORK = 4, _("Unpaid work or volunteering")
    PAID_WORK_WITH_SUPPORT = 5, _("Paid work with support")
    PAID_WORK = 6, _("Paid work")


class LadderStepKind(models.TextChoices):
    START = "start", _("When the plan was agreed")
    REVIEW = "review", _("At a review")


class ParticipationPlan(models.Model):
    """A plan agreed with the household, in its own words, not a wish noted by the peer. A
    household has at most one; it is reviewed on review_on, when a follow-up falls due."""

    household = models.OneToOneField(
        "outreach.Household", on_delete=models.CASCADE, related_name="plan"
    )
    goals = models.TextField(
        _("what the household wants to reach, in its own words"), max_length=2000
    )
    agreed_on = models.DateField(_("agreed on"), default=timezone.localdate)
    review_on = models.DateField(_("to be reviewed on"))
    # The open follow-up that brings the review to the peer's Today list.
    review_follow_up = follow_up_field(editable=False)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed by"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation plan")
        verbose_name_plural = _("participation plans")
        ordering = ["-agreed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__gte=models.F("agreed_on")),
                name="plan_review_not_before_agreement",
            )
        ]

    def __str__(self) -> str:
        return str(_("Plan of %(household)s") % {"household": self.household_id})


class LadderStep(models.Model):
    """Where the household stood on the ladder on a day: at the start of the plan and at each
    review. The household is kept on the row too, so that who may see it and what retention
    does with it follow the same rules as every other case record."""

    plan = models.ForeignKey(ParticipationPlan, on_delete=models.CASCADE, related_name="steps")
    household = models.ForeignKey(
        "outreach.Household", on_delete=models.CASCADE, related_name="ladder_steps"
    )
    kind = models.CharField(_("when"), max_length=10, choices=LadderStepKind.choices)
    rung = models.PositiveSmallIntegerField(_("rung"), choices=LadderRung.choices)
    on = models.DateField(_("date"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = entered_by_field(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("step on the participation ladder")
        verbose_name_plural = _("steps on the participation ladder")
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(rung__gte=1, rung__lte=6), name="ladder_rung_1_to_6")
        ]

    def __str__(self) -> str:
        return f"{self.on}: {self.rung}"


class ScoreSource(models.TextChoices):
    SMS = "sms", _("Text message reply")
    PAPER = "paper", _("Paper form, entered by the team")


class OwnScore(models.Model):
    """The household's own score for the help (1-10): its text message reply, or the paper
    form it filled in, entered by a team member. The satisfaction figures use only this,
    never the coordinator's estimate (Household.satisfaction). The latest word counts; the
    history keeps what it replaced."""

    household = models.OneToOneField(
        "outreach.Household", on_delete=models.CASCADE, related_name="own_score"
    )
    score = models.PositiveSmallIntegerField(
        _("score (1-10)"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    source = models.CharField(_("given by"), max_length=10, choices=ScoreSource.choices)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    recorded_by = entered_by_field(_("entered by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household's own score")
        verbose_name_plural = _("households' own scores")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=10), name="own_score_1_to_10"
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.score}"
