from django.urls import path
from django.views.generic import RedirectView

from outreach.views.coordinator import (
    applications,
    appreciation,
    candidates,
    caseload,
    cases,
    conflicts,
    intake,
    members,
    search,
    signals,
    team,
    workload,
)

app_name = "coordinator"

urlpatterns = [
    # The workspace itself is the start page; this is the address people expect it at.
    path("", RedirectView.as_view(pattern_name="home"), name="workspace"),
    path("search/", search.search, name="search"),
    path("intake/", intake.intake, name="intake"),
    path("households/<int:pk>/assign/", intake.assign, name="assign"),
    path("households/<int:pk>/close/", cases.close, name="close"),
    path("households/<int:pk>/reopen/", cases.reopen, name="reopen"),
    path("closed/", cases.closed, name="closed"),
    path("workload/", workload.workload, name="workload"),
    path("overdue/", workload.overdue, name="overdue"),
    path("applications/stalled/", applications.stalled, name="stalled-applications"),
    path("caseload/", caseload.caseload, name="caseload"),
    path("conflicts/", conflicts.conflicts, name="conflicts"),
    path("conflicts/<int:pk>/resolve/", conflicts.resolve, name="resolve-conflict"),
    path("signals/", signals.signals, name="signals"),
    path("signals/<int:pk>/review/", signals.review, name="review-signal"),
    path("team/", team.team, name="team"),
    path("team/meetings/", team.meetings, name="meetings"),
    path("team/meetings/<int:pk>/", team.meeting, name="meeting"),
    path("team/expenses/", team.expenses, name="expenses"),
    path("team/expenses/export/", team.expenses_export, name="expenses-export"),
    path("team/expenses/<int:pk>/approve/", team.expense_approve_page, name="expense-approve"),
    path("team/members/<int:pk>/", members.membership, name="membership"),
    path("candidates/", candidates.candidates, name="candidates"),
    path("candidates/<int:pk>/", candidates.candidate, name="candidate"),
    # Appreciation for team members
    path("team/<int:user_id>/thank/", appreciation.thank, name="thank"),
    path("team/<int:user_id>/year/<int:year>/", appreciation.member_year, name="member-year"),
]
