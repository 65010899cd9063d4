from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models.fields import follow_up_field
from outreach.workflow import ApplicationStatus


class Application(models.Model):
    """The application that follows a check where non-use was found, up to the decision:
    started (its documents gathered on a checklist), submitted, then granted, refused or
    withdrawn. Its check's outcome is kept in step by the services, so the figures that count
    checks stay right."""

    household = models.ForeignKey(
        "outreach.Household", on_delete=models.CASCADE, related_name="applications"
    )
    provision_check = models.OneToOneField(
        "outreach.ProvisionCheck",
        on_delete=models.CASCADE,
        related_name="application",
        verbose_name=_("provision check"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.STARTED,
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    # [{"name": "Loonstrook", "done": false}, ...]: copied from the provision, then the
    # household's own.
    documents = models.JSONField(_("documents"), default=list, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decision_due_on = models.DateField(_("decision due by"), null=True, blank=True)
    postponed = models.BooleanField(
        _("decision postponed"),
        default=False,
        help_text=_("The provider extended its decision term (verdaagd)."),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    granted_annual_amount = models.DecimalField(
        _("granted amount per year (EUR)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100000)],
    )
    decision_note = models.CharField(_("note on the decision"), max_length=500, blank=True)
    # The peer's reminder to ask after the decision: due on the decision date.
    follow_up = follow_up_field()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-started_on", "-id"]
        indexes = [
            # The coordinator's stalled applications: the few submitted ones past their term.
            models.Index(
                fields=["decision_due_on"],
                condition=models.Q(status=ApplicationStatus.SUBMITTED),
                name="outreach_application_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.provision_check.provision}"

    @property
    def is_decided(self) -> bool:
        return self.decided_on is not None

    @property
    def documents_done(self) -> int:
        return sum(1 for item in self.documents if item.get("done"))
