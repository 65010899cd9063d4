"""Volunteer hours and allowances, checked against the legal maximum of the year."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from outreach.models import AllowanceLimit, Team, TeamMembership, User, VolunteerMonth
from outreach.services.errors import field_error

OTHER_ORGANISATIONS_REMINDER = _(
    "Allowances from other organisations count towards the same maximum. Ask about them."
)


@dataclass
class AllowanceCheck:
    limit: AllowanceLimit
    per_hour: Decimal | None
    month_total: Decimal
    year_total: Decimal
    warnings: list[str]


def check_allowance(
    *, user: User, month: date, hours: Decimal, allowance: Decimal, other_allowance: Decimal
) -> AllowanceCheck:
    """Measure a month against the year's limits (all three apply at once). Passing a limit
    is refused: above it the whole allowance becomes taxable. Coming close gives a warning."""
    limit = AllowanceLimit.objects.filter(year=month.year).first()
    if limit is None:
        raise field_error(
            "month",
            _("The legal maximum for %(year)s is not known yet. An administrator adds it.")
            % {"year": month.year},
            "no_limit",
        )
    month_total = allowance + other_allowance
    earlier = VolunteerMonth.objects.filter(user=user, month__year=month.year).exclude(
        month=month
    ).aggregate(total=Sum("allowance") + Sum("other_allowance"))["total"] or Decimal(0)
    year_total = earlier + month_total
    per_hour = (allowance / hours).quantize(Decimal("0.01")) if hours else None
    share = Decimal(str(settings.COORDINATOR_ALLOWANCE_WARNING_SHARE))
    checks = [
        ("allowance", per_hour, limit.per_hour, _("per hour")),
        ("allowance", month_total, limit.per_month, _("per month")),
        ("allowance", year_total, limit.per_year, _("this year")),
    ]
    warnings = []
    for field, amount, maximum, label in checks:
        if amount is None:
            continue
        if amount > maximum:
            raise field_error(
                field,
                _(
                    "This passes the legal maximum %(label)s (€%(amount)s of at most "
                    "€%(maximum)s). Above it the whole allowance is taxed."
                )
                % {"label": label, "amount": amount, "maximum": maximum},
                "over_limit",
            )
        if amount >= maximum * share:
            warnings.append(
                str(
                    _("Close to the maximum %(label)s: €%(amount)s of at most €%(maximum)s.")
                    % {"label": label, "amount": amount, "maximum": maximum}
                )
            )
    return AllowanceCheck(limit, per_hour, month_total, year_total, warnings)


@transaction.atomic
def volunteer_month_record(
    *,
    team: Team,
    user: User,
    month: date,
    hours: Decimal,
    allowance: Decimal,
    other_allowance: Decimal = Decimal(0),
    recorded_by: User,
) -> tuple[VolunteerMonth, AllowanceCheck]:
    """Record (or correct) a member's hours and allowance for a month."""
    month = month.replace(day=1)
    month_end = (month + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    in_team = TeamMembership.objects.filter(user=user, team=team, started_on__lte=month_end)
    if not in_team.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month)).exists():
        raise field_error("user", _("This person was not in the team that month."), "other_team")
    if hours < 0 or allowance < 0 or other_allowance < 0:
        raise field_error("hours", _("Amounts cannot be negative."), "negative")
    # Lock the member's year so two entries at once cannot pass the limit together.
    list(VolunteerMonth.objects.select_for_update().filter(user=user, month__year=month.year))
    check = check_allowance(
        user=user, month=month, hours=hours, allowance=allowance, other_allowance=other_allowance
    )
    record = VolunteerMonth.objects.filter(user=user, month=month).first() or VolunteerMonth(
        user=user, month=month
    )
    record.team = team
    record.hours, record.allowance, record.other_allowance = hours, allowance, other_allowance
    record.recorded_by = recorded_by
    record.full_clean()
    record.save()
    return record, check
