"""The aggregate store: the only tables the municipality's figures are read from.

A snapshot per municipality holds cells that have already passed disclosure control:
suppressed where needed and rounded. Raw household counts are never stored here, and
nothing here points back to a household. Team names are copied in on refresh so that
reading the figures never has to look at the case tables (or the team table)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class AreaKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    DISTRICT = "district", _("District")


class SuppressionReason(models.TextChoices):
    TOO_FEW = "too_few", _("Fewer than k households")
    PROTECTS_OTHER = (
        "protects_other",
        _("Hidden so that another hidden figure cannot be worked out"),
    )
    SMALL_DENOMINATOR = "small_denominator", _("Share or average over fewer than k households")
    SMALL_GROUP = (
        "small_group",
        _("Fewer than k households have, or do not have, what the share counts"),
    )


class ReachSnapshot(models.Model):
    """The latest published figures of one municipality, replaced as a whole on refresh."""

    municipality_id = models.PositiveIntegerField(_("municipality id"), unique=True)
    municipality_code = models.CharField(_("CBS code"), max_length=6, unique=True)
    municipality_name = models.CharField(_("municipality"), max_length=100)
    # [{"id": 3, "name": "Noord"}, ...]: the teams whose figures are in the snapshot.
    teams = models.JSONField(_("teams"), default=list)
    k = models.PositiveSmallIntegerField(_("minimum households per figure (k)"))
    rounding = models.PositiveSmallIntegerField(_("counts rounded to"))
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("reach snapshot")
        verbose_name_plural = _("reach snapshots")
        ordering = ["municipality_name"]

    def __str__(self) -> str:
        return f"{self.municipality_name} ({self.municipality_code})"

    def team_ids(self) -> set[int]:
        return {team["id"] for team in self.teams}


class ReachCell(models.Model):
    """One published figure: a measure for a fixed period, area and (optionally) team."""

    snapshot = models.ForeignKey(ReachSnapshot, on_delete=models.CASCADE, related_name="cells")
    period_kind = models.CharField(_("period kind"), max_length=10, choices=PeriodKind.choices)
    period = models.CharField(_("period"), max_length=10)  # "2026-07", "2026-Q3", "2026"
    period_start = models.DateField(_("period starts"))
    area_kind = models.CharField(_("area kind"), max_length=15, choices=AreaKind.choices)
    area = models.CharField(_("area"), max_length=10)  # GM code, WK code, or "unknown"
    team_id = models.PositiveIntegerField(_("team id"), null=True, blank=True)
    measure = models.CharField(_("measure"), max_length=60)
    breakdown = models.CharField(_("breakdown"), max_length=120, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    suppressed = models.BooleanField(_("suppressed"), default=False)
    reason = models.CharField(
        _("reason"), max_length=20, choices=SuppressionReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("reach figure")
        verbose_name_plural = _("reach figures")
        ordering = ["period_start", "area", "team_id", "measure", "breakdown"]
        indexes = [models.Index(fields=["snapshot", "period_kind", "area_kind", "team_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suppressed=False) | models.Q(value__isnull=True),
                name="reach_suppressed_cell_has_no_value",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.period} {self.area}"
