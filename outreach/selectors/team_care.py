"""Reads for team care: volunteer months with the hours of attended meetings, trainings and
meetings with their attendance, and expenses (the coordinator's list and the payment export)."""

from datetime import date
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from outreach.models import (
    Expense,
    ExpenseStatus,
    MeetingAttendance,
    TeamMeeting,
    User,
    VolunteerMonth,
)
from outreach.querysets import expenses_visible_to, meetings_visible_to, volunteer_months_visible_to
from outreach.services.team_care import month_bounds


def attended_hours_in_month() -> Coalesce:
    """For a VolunteerMonth row: the hours of the meetings its member attended that month."""
    hours = (
        MeetingAttendance.objects.filter(
            user=OuterRef("user_id"),
            attended=True,
            meeting__held_on__year=ExtractYear(OuterRef("month")),
            meeting__held_on__month=ExtractMonth(OuterRef("month")),
        )
        .order_by()
        .values("user")
        .annotate(total=Sum("meeting__hours"))
        .values("total")
    )
    return Coalesce(
        Subquery(hours, output_field=DecimalField(max_digits=6, decimal_places=1)),
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=6, decimal_places=1),
    )


def volunteer_month_list(*, user: User, year: int | None = None) -> QuerySet[VolunteerMonth]:
    """Volunteer months the user may see, each with `meeting_hours`: the month's hours are
    the hours recorded (outside meetings) plus those, never counted twice. One query."""
    months = volunteer_months_visible_to(user).select_related("user", "team")
    if year is not None:
        months = months.filter(month__year=year)
    return months.annotate(meeting_hours=attended_hours_in_month())


def meeting_list(*, user: User, upcoming: bool | None = None) -> QuerySet[TeamMeeting]:
    """Trainings and meetings the user may see, with the team, the number who attended, and
    the attendance with its members (prefetched: the count of queries does not grow)."""
    # Ordered explicitly: a query with an aggregate does not use the model's ordering.
    meetings = meetings_visible_to(user).select_related("team").order_by("-held_on", "pk")
    today = timezone.localdate()
    if upcoming is True:
        meetings = meetings.filter(held_on__gte=today).order_by("held_on", "pk")
    elif upcoming is False:
        meetings = meetings.filter(held_on__lt=today)
    return meetings.annotate(
        attended_count=Count("attendance", filter=Q(attendance__attended=True))
    ).prefetch_related(
        Prefetch(
            "attendance",
            queryset=MeetingAttendance.objects.select_related("user").order_by("user__username"),
        )
    )


def my_meetings(*, user: User) -> QuerySet[TeamMeeting]:
    """A team member's meetings: those of their teams, and whether they attended."""
    own = MeetingAttendance.objects.filter(meeting=OuterRef("pk"), user=user)
    return (
        meetings_visible_to(user)
        .select_related("team")
        .annotate(i_attended=Subquery(own.values("attended")[:1]))
    )


def expense_list(
    *, user: User, status: str | None = None, month: date | None = None
) -> QuerySet[Expense]:
    """Expenses the user may see, newest first, with the member, team and approver."""
    expenses = expenses_visible_to(user).select_related("user", "team", "approved_by")
    if status:
        expenses = expenses.filter(status=status)
    if month is not None:
        expenses = expenses.filter(spent_on__range=month_bounds(month))
    return expenses


def expenses_for_payment(*, user: User, month: date) -> QuerySet[Expense]:
    """The approved expenses of a month, for payment: by member, then date."""
    return expense_list(user=user, status=ExpenseStatus.APPROVED, month=month).order_by(
        "user__username", "spent_on", "pk"
    )
