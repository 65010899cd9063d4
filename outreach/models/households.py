from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models.fields import neighbourhood_fields
from outreach.workflow import ClosingReason, HouseholdStatus


class IncomeSource(models.TextChoices):
    ASSISTANCE = "assistance", _("Social assistance")
    PENSION = "pension", _("Pension")
    WORK = "work", _("Work")
    BENEFIT = "benefit", _("Other benefit")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class ReferralSource(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    FOOD_BANK = "food_bank", _("Food bank")
    SELF = "self", _("The household itself")
    NEIGHBOUR = "neighbour", _("Neighbour or acquaintance")
    TEAM = "team", _("STA-team member")
    OTHER_ORGANISATION = "other_organisation", _("Other organisation")
    OTHER = "other", _("Other")


class KnownToMunicipality(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class AgeBand(models.TextChoices):
    CHILD_0_3 = "0-3", _("0-3 years")
    CHILD_4_11 = "4-11", _("4-11 years")
    CHILD_12_17 = "12-17", _("12-17 years")
    ADULT = "adult", _("Adult")


class ReferenceCounter(models.Model):
    """Last reference number handed out per year; locked while a household is registered."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Household(models.Model):
    """The case: one household visited by the team. Identified by a reference that says
    nothing about the people in it. There is no field for a BSN, and there never will be."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    team = models.ForeignKey(
        "outreach.Team", on_delete=models.PROTECT, related_name="households", verbose_name=_("team")
    )
    contact_name = models.CharField(_("contact name"), max_length=120)
    phone = models.CharField(_("mobile phone"), max_length=16, blank=True)
    street = models.CharField(_("street"), max_length=120, blank=True)
    house_number = models.CharField(_("house number"), max_length=12, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    neighbourhood_code, neighbourhood_year = neighbourhood_fields()
    adults = models.PositiveSmallIntegerField(
        _("adults"), default=1, validators=[MaxValueValidator(20)]
    )
    children_0_3 = models.PositiveSmallIntegerField(
        _("children 0-3"), default=0, validators=[MaxValueValidator(20)]
    )
    children_4_11 = models.PositiveSmallIntegerField(
        _("children 4-11"), default=0, validators=[MaxValueValidator(20)]
    )
    children_12_17 = models.PositiveSmallIntegerField(
        _("children 12-17"), default=0, validators=[MaxValueValidator(20)]
    )
    main_income_source = models.CharField(
        _("main income source"),
        max_length=20,
        choices=IncomeSource.choices,
        default=IncomeSource.UNKNOWN,
    )
    referral_source = models.CharField(
        _("referred by"), max_length=20, choices=ReferralSource.choices, default=ReferralSource.SELF
    )
    known_to_municipality = models.CharField(
        _("known to the municipality before"),
        max_length=10,
        choices=KnownToMunicipality.choices,
        default=KnownToMunicipality.UNKNOWN,
    )
    # Self-reported circumstances. The health ones are special-category data (GDPR art. 9)
    # and may only be stored while the household's special-category consent stands.
    no_paid_work = models.BooleanField(_("no paid work"), null=True, blank=True)
    physical_health_problems = models.BooleanField(
        _("physical health problems"), null=True, blank=True
    )
    psychological_problems = models.BooleanField(_("psychological problems"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=HouseholdStatus.choices, default=HouseholdStatus.NEW
    )
    closing_reason = models.CharField(
        _("closing reason"), max_length=30, choices=ClosingReason.choices, blank=True
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction at closing (1-10)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    became_more_active = models.BooleanField(_("became more active"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)
    # Given by the registration form when it opens: a phone that sends the same registration
    # again (from its outbox, after a lost answer) makes no second household.
    client_uuid = models.UUIDField(
        _("client id"), unique=True, null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Set once the personal fields are blanked (end of retention or erasure on request):
    # what is left is the coarse figures row, which names nobody and is seen by nobody.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    SPECIAL_CATEGORY_FIELDS = ("physical_health_problems", "psychological_problems")

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=10),
                name="household_satisfaction_1_to_10",
            )
        ]
        indexes = [models.Index(fields=["team", "status"])]

    def __str__(self) -> str:
        return self.reference


class HouseholdMember(models.Model):
    """A member named only so far as a wish needs it ("mother", "Sam, 9")."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    label = models.CharField(_("who"), max_length=60)
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label


class AssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_at__isnull=True)


class Assignment(models.Model):
    """Who leads a case (and who visits with them). Reassigning ends the current row and
    starts a new one, so every assignment stays on record with who made it and why."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="assignments")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="lead_assignments",
        verbose_name=_("lead peer"),
    )
    buddy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="buddy_assignments",
        verbose_name=_("buddy"),
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(ended_at__isnull=True),
                name="one_current_assignment_per_household",
            ),
            models.CheckConstraint(
                condition=~Q(lead=models.F("buddy")), name="assignment_buddy_is_not_lead"
            ),
        ]
        indexes = [
            models.Index(fields=["lead"], condition=Q(ended_at__isnull=True), name="current_lead"),
            models.Index(
                fields=["buddy"], condition=Q(ended_at__isnull=True), name="current_buddy"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} → {self.lead}"
