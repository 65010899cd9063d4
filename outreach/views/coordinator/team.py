"""Team care pages: who is in the team, volunteer hours and allowances against the legal
maximum, trainings and meetings with attendance, and expenses with their receipts."""

import csv
import io
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from outreach import policies
from outreach.forms.coordinator import VolunteerMonthForm, add_service_errors
from outreach.forms.team_care import AttendanceForm, BirthDateForm, ExpenseForm, MeetingForm
from outreach.models import AllowanceLimit, ExpenseStatus, Team, User
from outreach.querysets import coordinated_team_ids
from outreach.selectors import coordinator as selectors
from outreach.selectors.appreciation import team_milestones
from outreach.selectors.candidates import team_turnover
from outreach.selectors.team_care import (
    expense_list,
    expenses_for_payment,
    meeting_list,
    volunteer_month_list,
)
from outreach.services.team_care import (
    BENEFIT_NOTE,
    EXPENSES_NOTE,
    OTHER_ORGANISATIONS_REMINDER,
    expense_approve,
    expense_submit,
    meeting_record,
    member_birth_date_set,
    volunteer_month_record,
)
from outreach.views.coordinator import coordinator_required

# A text that starts with one of these is read as a formula by spreadsheets (OWASP, CSV
# injection): the same rule as reach/exports.py, which the domain's pages may not import.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _coordinated_teams(request):
    return Team.objects.filter(pk__in=coordinated_team_ids(request.user)).order_by("name")


def _month_param(request) -> date:
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def _birth_date_post(request, members) -> BirthDateForm:
    form = BirthDateForm(request.POST, members=members, prefix="birth")
    if form.is_valid():
        try:
            member_birth_date_set(
                member=form.cleaned_data["user"],
                born_on=form.cleaned_data["born_on"],
                set_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
    return form


@coordinator_required
def team(request):
    """Team care: who is in the team since when, and volunteer hours and allowances checked
    against the legal maximum of the year (hours of attended meetings counted on top)."""
    year = timezone.localdate().year
    members = selectors.team_members(user=request.user)
    form = VolunteerMonthForm(members=members)
    birth_form = BirthDateForm(members=members, prefix="birth")
    if request.method == "POST" and "birth-user" in request.POST:
        birth_form = _birth_date_post(request, members)
        if not birth_form.errors:
            return redirect("coordinator:team")
    elif request.method == "POST":
        form = VolunteerMonthForm(request.POST, members=members)
        if form.is_valid():
            data = form.cleaned_data
            member_team = (
                Team.objects.filter(
                    pk__in=coordinated_team_ids(request.user), memberships__user=data["user"]
                )
                .order_by("name")
                .first()
            )
            try:
                _record, check = volunteer_month_record(
                    team=member_team,
                    user=data["user"],
                    month=data["month"],
                    hours=data["hours"],
                    allowance=data["allowance"],
                    other_allowance=data["other_allowance"] or 0,
                    recorded_by=request.user,
                    confirm_over_limit=data["confirm_over_limit"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
                if any(e.code == "over_limit" for e in error.error_dict.get("allowance", [])):
                    form.ask_to_confirm()
            else:
                messages.success(request, _("Saved."))
                for warning in check.over:
                    messages.error(request, warning)
                for warning in check.warnings:
                    messages.warning(request, warning)
                return redirect("coordinator:team")
    peers = list(selectors.team_members(user=request.user, peers_only=True))
    return render(
        request,
        "outreach/coordinator/team.html",
        {
            "rows": selectors.team_care(user=request.user, year=year),
            "months": volunteer_month_list(user=request.user, year=year).order_by(
                "user__username", "month"
            ),
            "members": members,
            "year": year,
            "limit": AllowanceLimit.objects.filter(year=year).first(),
            "reminder": OTHER_ORGANISATIONS_REMINDER,
            "benefit_note": BENEFIT_NOTE,
            "expenses_note": EXPENSES_NOTE,
            "form": form,
            "birth_form": birth_form,
            "turnover": team_turnover(user=request.user),
            # Appreciation: who reached a milestone lately, and whom to thank
            "peers": peers,
            "milestones": team_milestones(members=peers),
        },
    )


@coordinator_required
def meetings(request):
    """Trainings, case discussions, peer review and team meetings: record one with who
    attended; the attended hours count as volunteer hours of that month."""
    teams = _coordinated_teams(request)
    members = selectors.team_members(user=request.user)
    form = MeetingForm(request.POST or None, teams=teams, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_record(
                team=data["team"],
                kind=data["kind"],
                held_on=data["held_on"],
                hours=data["hours"],
                topic=data["topic"],
                attended=list(data["attended"]),
                recorded_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("coordinator:meetings")
    coordinated = meeting_list(user=request.user).filter(team__in=teams)
    return render(
        request,
        "outreach/coordinator/meetings.html",
        {"meetings": coordinated[:100], "form": form},
    )


@coordinator_required
def meeting(request, pk: int):
    """One meeting: who attended (the hours count for them)."""
    found = get_object_or_404(
        meeting_list(user=request.user).filter(team_id__in=coordinated_team_ids(request.user)),
        pk=pk,
    )
    members = User.objects.filter(pk__in=[row.user_id for row in found.attendance.all()])
    form = AttendanceForm(
        request.POST or None,
        members=members,
        initial={"attended": [row.user_id for row in found.attendance.all() if row.attended]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting_record(
                team=found.team,
                kind=found.kind,
                held_on=found.held_on,
                hours=found.hours,
                topic=found.topic,
                attended=list(form.cleaned_data["attended"]),
                recorded_by=request.user,
                meeting=found,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("coordinator:meetings")
    return render(request, "outreach/coordinator/meeting.html", {"meeting": found, "form": form})


@coordinator_required
def expenses(request):
    """The teams' expenses of a month: record one for a member, approve, export for payment."""
    month = _month_param(request)
    teams = _coordinated_teams(request)
    members = selectors.team_members(user=request.user)
    form = ExpenseForm(request.POST or None, request.FILES or None, teams=teams, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not policies.can_submit_expense(request.user, data["user"], data["team"].pk):
            raise Http404
        try:
            expense_submit(user=data["user"], recorded_by=request.user, **form.expense())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?month={data['spent_on']:%Y-%m}")
    rows = expense_list(user=request.user, month=month).filter(team__in=teams)
    return render(
        request,
        "outreach/coordinator/expenses.html",
        {
            "expenses": rows,
            "month": month,
            "form": form,
            "note": EXPENSES_NOTE,
            "waiting": ExpenseStatus.SUBMITTED,
        },
    )


@require_POST
@coordinator_required
def expense_approve_page(request, pk: int):
    expense = get_object_or_404(
        expense_list(user=request.user).filter(team_id__in=coordinated_team_ids(request.user)),
        pk=pk,
    )
    if not policies.can_approve_expense(request.user, expense):
        messages.error(request, _("Another coordinator approves your own expenses."))
    else:
        expense_approve(expense=expense, approved_by=request.user)
        messages.success(request, _("Approved."))
    return redirect(f"{reverse('coordinator:expenses')}?month={expense.spent_on:%Y-%m}")


@coordinator_required
def expenses_export(request):
    """The approved expenses of a month, for payment: CSV or Excel."""
    month = _month_param(request)
    rows = expenses_for_payment(user=request.user, month=month).filter(
        team_id__in=coordinated_team_ids(request.user)
    )
    header = [_("Team member"), _("Team"), _("Date"), _("What"), _("What for"), _("Amount")]
    table = [
        [
            neutralised(expense.user.get_full_name() or expense.user.username),
            neutralised(expense.team.name),
            expense.spent_on.isoformat(),
            str(expense.get_kind_display()),
            neutralised(expense.description),
            expense.amount,
        ]
        for expense in rows
    ]
    filename = f"expenses-{month:%Y-%m}"
    if request.GET.get("format") == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = f"{month:%Y-%m}"
        sheet.append(header)
        for row in table:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(header)
    writer.writerows(table)
    response = HttpResponse(text.getvalue().encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
