"""Volunteer hours and allowances, checked against the legal maximum of the year; the team's
trainings and meetings (whose attended hours count as volunteer hours); and expenses paid
back on a receipt (not income: they do not count towards the allowance's limits)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import (
    AllowanceLimit,
    Expense,
    ExpenseStatus,
    MeetingAttendance,
    Team,
    TeamMeeting,
    TeamMembership,
    User,
    VolunteerMonth,
)
from outreach.services.errors import field_error

OTHER_ORGANISATIONS_REMINDER = _(
    "Allowances from other organisations count towards the same maximum. Ask about them."
)
BENEFIT_NOTE = _(
    "Within these limits the allowance is not income: it does not lower social assistance "
    "(bijstand). Above one limit the whole allowance counts as income."
)
EXPENSES_NOTE = _(
    "Expenses paid back on a receipt (bus fare, phone credit) are not income. They do not "
    "count towards the allowance's limits."
)

_BELASTINGDIENST = (
    "Belastingdienst, Werken als vrijwilliger: vrijwilligersvergoedingen (checked 2026-12)"
)
_SECONDARY_2025 = (
    "Belastingdienst amounts for 2025 as published by volunteer centres (dewve.nl, "
    "simpledcard.com); checked 2026-12"
)
_UNVERIFIED_2026 = (
    "Not verified: the 2025 amounts carried over. Check belastingdienst.nl and correct in the "
    "admin."
)
# The legal maximum per year: per hour from 21, per hour under 21, per month, per year.
# All apply at once. seed_allowance_limits writes this table; an administrator corrects a
# year in the admin when the Belastingdienst publishes it.
LEGAL_LIMITS = {
    2023: ("5.00", "2.75", "190.00", "1900.00", _BELASTINGDIENST),
    2024: ("5.50", "3.25", "210.00", "2100.00", _BELASTINGDIENST),
    2025: ("5.60", "3.30", "210.00", "2100.00", _SECONDARY_2025),
    2026: ("5.60", "3.30", "210.00", "2100.00", _UNVERIFIED_2026),
}

RECEIPT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".pdf": "application/pdf",
}
# The first bytes of each accepted type: a receipt is what it says it is, not a page or a
# script renamed.
_RECEIPT_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"%PDF-")


@transaction.atomic
def allowance_limits_seed(*, limits: dict | None = None) -> int:
    """Write the known legal limits (LEGAL_LIMITS); a year already there is updated."""
    limits = limits or LEGAL_LIMITS
    for year, (hour, hour_under_21, month, per_year, source) in limits.items():
        AllowanceLimit.objects.update_or_create(
            year=year,
            defaults={
                "per_hour": Decimal(hour),
                "per_hour_under_21": Decimal(hour_under_21),
                "per_month": Decimal(month),
                "per_year": Decimal(per_year),
                "source": source,
            },
        )
    return len(limits)


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)


def under_21_in(born_on: date | None, month: date) -> bool | None:
    """Whether the lower hourly maximum applies in a month: the person turns 21 after its
    first day (so part of the month, or all of it, was worked under 21). None: not known."""
    if born_on is None:
        return None
    try:
        twenty_first = born_on.replace(year=born_on.year + 21)
    except ValueError:  # born on 29 February
        twenty_first = date(born_on.year + 21, 3, 1)
    return twenty_first > month.replace(day=1)


def meeting_hours_of(*, user: User, month: date) -> Decimal:
    """Hours of the trainings and meetings the person attended in the month."""
    first, last = month_bounds(month)
    total = MeetingAttendance.objects.filter(
        user=user, attended=True, meeting__held_on__range=(first, last)
    ).aggregate(total=Sum("meeting__hours"))["total"]
    return total or Decimal(0)


@dataclass
class AllowanceCheck:
    limit: AllowanceLimit
    under_21: bool | None
    hour_limit: Decimal
    meeting_hours: Decimal
    total_hours: Decimal
    per_hour: Decimal | None
    month_total: Decimal
    year_total: Decimal
    warnings: list[str]
    over: list[str] = field(default_factory=list)


def check_allowance(
    *, user: User, month: date, hours: Decimal, allowance: Decimal, other_allowance: Decimal
) -> AllowanceCheck:
    """Measure a month against the year's limits (all three apply at once): per hour (lower
    under 21), per month and per year, counting allowances from other organisations and the
    hours of attended meetings. `over` names each limit passed (above it the whole
    allowance is taxed); `warnings` the limits come close to. Exactly at a limit is within."""
    month = month.replace(day=1)
    limit = AllowanceLimit.objects.filter(year=month.year).first()
    if limit is None:
        raise field_error(
            "month",
            _("The legal maximum for %(year)s is not known yet. An administrator adds it.")
            % {"year": month.year},
            "no_limit",
        )
    under_21 = under_21_in(user.born_on, month)
    hour_limit = limit.per_hour_under_21 if under_21 else limit.per_hour
    meeting_hours = meeting_hours_of(user=user, month=month)
    total_hours = hours + meeting_hours
    month_total = allowance + other_allowance
    earlier = VolunteerMonth.objects.filter(user=user, month__year=month.year).exclude(
        month=month
    ).aggregate(total=Sum("allowance") + Sum("other_allowance"))["total"] or Decimal(0)
    year_total = earlier + month_total
    per_hour = (allowance / total_hours).quantize(Decimal("0.01")) if total_hours else None
    share = Decimal(str(settings.COORDINATOR_ALLOWANCE_WARNING_SHARE))
    hour_label = _("per hour under 21") if under_21 else _("per hour")
    # The hourly check compares the allowance with hours x maximum, exactly: a rounded
    # rate would let a cent over pass.
    checks = []
    if total_hours:
        checks.append((hour_label, allowance, hour_limit * total_hours, per_hour, hour_limit))
    checks += [
        (_("per month"), month_total, limit.per_month, month_total, limit.per_month),
        (_("this year"), year_total, limit.per_year, year_total, limit.per_year),
    ]
    warnings, over = [], []
    if under_21 is None and total_hours and allowance > limit.per_hour_under_21 * total_hours:
        # Only where it matters: the amount would pass the maximum for someone under 21.
        warnings.append(
            str(_("Date of birth not known: under 21 a lower maximum per hour applies."))
        )
    for label, amount, maximum, shown, shown_maximum in checks:
        values = {"label": label, "amount": shown, "maximum": shown_maximum}
        if amount > maximum:
            over.append(
                str(
                    _(
                        "This passes the legal maximum %(label)s (€%(amount)s of at most "
                        "€%(maximum)s). Above it the whole allowance is taxed."
                    )
                    % values
                )
            )
        elif amount >= maximum * share:
            warnings.append(
                str(
                    _("Close to the maximum %(label)s: €%(amount)s of at most €%(maximum)s.")
                    % values
                )
            )
    return AllowanceCheck(
        limit, under_21, hour_limit, meeting_hours, total_hours, per_hour, month_total,
        year_total, warnings, over,
    )  # fmt: skip


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
    confirm_over_limit: bool = False,
) -> tuple[VolunteerMonth, AllowanceCheck]:
    """Record (or correct) a member's hours outside meetings and allowance for a month.
    Passing a legal limit is refused with the reason, unless the coordinator saw that
    warning and confirms: then the month is saved and marked as recorded over the limit."""
    month, month_end = month_bounds(month)
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
    if check.over and not confirm_over_limit:
        raise field_error("allowance", " ".join(check.over), "over_limit")
    record = VolunteerMonth.objects.filter(user=user, month=month).first() or VolunteerMonth(
        user=user, month=month
    )
    record.team = team
    record.hours, record.allowance, record.other_allowance = hours, allowance, other_allowance
    record.over_limit_confirmed = bool(check.over)
    record.recorded_by = recorded_by
    record._history_user = recorded_by
    record.full_clean()
    record.save()
    return record, check


@transaction.atomic
def member_birth_date_set(*, member: User, born_on: date | None, set_by: User) -> User:
    """Record a team member's date of birth, used only to know whether the lower hourly
    maximum under 21 applies in a month."""
    if born_on is not None and born_on > timezone.localdate():
        raise field_error("born_on", _("The date cannot be in the future."), "future")
    member = User.objects.select_for_update().get(pk=member.pk)
    member.born_on = born_on
    member.save(update_fields=["born_on"])
    return member


# --- Trainings and team meetings ---
@transaction.atomic
def meeting_record(
    *,
    team: Team,
    kind: str,
    held_on: date,
    hours: Decimal,
    topic: str,
    attended: list[User],
    recorded_by: User,
    meeting: TeamMeeting | None = None,
) -> TeamMeeting:
    """Record a training or meeting (or correct one) with who attended. Every current
    member of the team gets an attendance row: attended or not."""
    if meeting is not None:
        meeting = TeamMeeting.objects.select_for_update().get(pk=meeting.pk)
        team = meeting.team
    else:
        meeting = TeamMeeting(team=team)
    members = list(
        User.objects.filter(
            pk__in=TeamMembership.objects.current(on=held_on).filter(team=team).values("user_id")
        )
    )
    strangers = {user.pk for user in attended} - {member.pk for member in members}
    if strangers:
        raise field_error(
            "attended", _("Only members of the team on that day can attend."), "other_team"
        )
    meeting.kind, meeting.held_on, meeting.hours, meeting.topic = kind, held_on, hours, topic
    meeting.recorded_by = recorded_by
    meeting._history_user = recorded_by
    meeting.full_clean()
    meeting.save()
    present = {user.pk for user in attended}
    existing = {row.user_id: row for row in meeting.attendance.all()}
    for member in members:
        row = existing.get(member.pk) or MeetingAttendance(meeting=meeting, user=member)
        if row.pk is None or row.attended != (member.pk in present):
            row.attended = member.pk in present
            row._history_user = recorded_by
            row.save()
    return meeting


# --- Expenses ---
def _validate_receipt(receipt: UploadedFile | None) -> None:
    if receipt is None:
        return
    name = (receipt.name or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix not in RECEIPT_TYPES:
        raise field_error(
            "receipt", _("A receipt is a photo (JPEG or PNG) or a PDF."), "receipt_type"
        )
    if receipt.size > settings.EXPENSE_RECEIPT_MAX_BYTES:
        raise field_error(
            "receipt",
            _("The receipt is too large: at most %(megabytes)s MB.")
            % {"megabytes": settings.EXPENSE_RECEIPT_MAX_BYTES // (1024 * 1024)},
            "receipt_size",
        )
    receipt.seek(0)
    start = receipt.read(8)
    receipt.seek(0)
    if not start.startswith(_RECEIPT_MAGIC):
        raise field_error(
            "receipt", _("A receipt is a photo (JPEG or PNG) or a PDF."), "receipt_type"
        )


@transaction.atomic
def expense_submit(
    *,
    user: User,
    team: Team,
    spent_on: date,
    kind: str,
    amount: Decimal,
    description: str = "",
    receipt: UploadedFile | None = None,
    recorded_by: User,
) -> Expense:
    """A team member's expense, by themselves (phone) or their coordinator; waits for the
    coordinator's approval. The receipt is kept under a random name no URL serves."""
    if not TeamMembership.objects.current(on=spent_on).filter(user=user, team=team).exists():
        raise field_error(
            "spent_on", _("This person was not in the team on that day."), "other_team"
        )
    if spent_on > timezone.localdate():
        raise field_error("spent_on", _("The date cannot be in the future."), "future")
    _validate_receipt(receipt)
    expense = Expense(
        user=user,
        team=team,
        spent_on=spent_on,
        kind=kind,
        amount=amount,
        description=description,
        recorded_by=recorded_by,
    )
    if receipt is not None:
        expense.receipt = receipt
    expense._history_user = recorded_by
    expense.full_clean(exclude=["receipt"])
    expense.save()
    return expense


@transaction.atomic
def expense_approve(*, expense: Expense, approved_by: User) -> Expense:
    """The coordinator approves an expense for payment."""
    expense = Expense.objects.select_for_update().get(pk=expense.pk)
    if expense.status == ExpenseStatus.APPROVED:
        return expense
    expense.status = ExpenseStatus.APPROVED
    expense.approved_by = approved_by
    expense.approved_at = timezone.now()
    expense._history_user = approved_by
    expense.save(update_fields=["status", "approved_by", "approved_at"])
    return expense


def _delete_file_after_commit(expense: Expense) -> None:
    if expense.receipt:
        storage, name = expense.receipt.storage, expense.receipt.name
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def expense_delete(*, expense: Expense, deleted_by: User) -> None:
    """Delete an expense and its receipt file (the file once the deletion is committed).
    An approved expense is kept for the bookkeeping; only one waiting can be deleted."""
    expense = Expense.objects.select_for_update().get(pk=expense.pk)
    if expense.status == ExpenseStatus.APPROVED:
        raise field_error(
            "status", _("An approved expense is kept for the bookkeeping."), "approved"
        )
    _delete_file_after_commit(expense)
    expense_id = expense.pk
    expense._history_user = deleted_by
    expense.delete()
    # The file is gone: its name is not kept in the history either.
    Expense.history.filter(id=expense_id).update(receipt="")


# A receipt file is written before its expense is committed: one younger than this is left
# alone by the sweep below, in case its expense is still being saved.
UNREFERENCED_RECEIPT_GRACE = timedelta(days=1)


def receipts_delete_unreferenced(*, now=None) -> int:
    """Retention: receipt files that no expense refers to any more. An expense deleted any
    other way than through this module (with its team member's account, in the admin, or a
    save that failed after its file was written) leaves its file behind; this finds it."""
    now = now or timezone.now()
    storage = Expense._meta.get_field("receipt").storage
    folder = "receipts"
    if not storage.exists(folder):
        return 0
    referenced = set(Expense.objects.exclude(receipt="").values_list("receipt", flat=True))
    deleted = []
    for file_name in storage.listdir(folder)[1]:
        name = f"{folder}/{file_name}"
        if name in referenced or storage.get_modified_time(name) > now - UNREFERENCED_RECEIPT_GRACE:
            continue
        storage.delete(name)
        deleted.append(name)
    # The files are gone: their names are not kept in the history either.
    Expense.history.filter(receipt__in=deleted).update(receipt="")
    return len(deleted)


@transaction.atomic
def expenses_delete_expired(*, now=None) -> int:
    """Retention: expenses (and their receipts) older than RETENTION_EXPENSE_MONTHS months
    after the month they were made are deleted, with the receipt names in their history."""
    today = (now or timezone.now()).date()
    months = today.year * 12 + today.month - 1 - settings.RETENTION_EXPENSE_MONTHS
    cutoff = date(months // 12, months % 12 + 1, 1)
    expired = list(Expense.objects.select_for_update().filter(spent_on__lt=cutoff))
    for expense in expired:
        _delete_file_after_commit(expense)
    ids = [expense.pk for expense in expired]
    Expense.objects.filter(pk__in=ids).delete()
    Expense.history.filter(id__in=ids).delete()
    return len(ids)
