from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.workflow import WishStatus


class WishCategory(models.TextChoices):
    SPORT = "sport", _("Sport")
    CULTURE = "culture", _("Culture")
    COURSE = "course", _("Course or education")
    SOCIAL_CONTACT = "social_contact", _("Social contact")
    VOLUNTEERING = "volunteering", _("Volunteering or work")
    OWN_TIME = "own_time", _("Time for oneself")
    OTHER = "other", _("Other")


class Barrier(models.TextChoices):
    COST = "cost", _("Cost")
    TRANSPORT = "transport", _("Transport")
    CHILDCARE = "childcare", _("Childcare")
    HEALTH = "health", _("Health")
    CONFIDENCE = "confidence", _("Confidence")
    LANGUAGE = "language", _("Language")
    INFORMATION = "information", _("Information")


class ParticipationWish(models.Model):
    household = models.ForeignKey(
        "outreach.Household", on_delete=models.CASCADE, related_name="wishes"
    )
    member = models.ForeignKey(
        "outreach.HouseholdMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wishes",
        verbose_name=_("for whom"),
    )
    category = models.CharField(_("category"), max_length=20, choices=WishCategory.choices)
    description = models.CharField(_("description"), max_length=500)
    # A list of Barrier values; JSON keeps it portable between SQLite and PostgreSQL.
    barriers = models.JSONField(_("barriers"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=WishStatus.choices, default=WishStatus.ARTICULATED
    )
    # Where the wish can come true: a club, a course, or a fund that pays for it.
    offer = models.ForeignKey(
        "outreach.LocalOffer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wishes",
        verbose_name=_("offer"),
    )
    articulated_on = models.DateField(_("articulated on"), default=timezone.localdate)
    status_changed_on = models.DateField(_("status changed on"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation wish")
        verbose_name_plural = _("participation wishes")
        ordering = ["-articulated_on", "-id"]

    def __str__(self) -> str:
        return self.description
