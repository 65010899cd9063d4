from django.urls import path

from outreach.views.peer import applications, candidates, pages, plans, referrals, team_care

app_name = "peer"

urlpatterns = [
    path("new/", pages.register, name="register"),
    path("first-contact/", pages.first_contact_page, name="first_contact"),
    path("sync/", pages.sync_start, name="sync"),
    path("expenses/", team_care.my_expenses, name="expenses"),
    path("expenses/<int:pk>/delete/", team_care.expense_delete_page, name="expense_delete"),
    path("expenses/<int:pk>/receipt/", team_care.receipt, name="receipt"),
    path("meetings/", team_care.meetings, name="meetings"),
    path("<int:household_id>/", pages.household_detail, name="household"),
    path("<int:household_id>/visit/", pages.visit_log_page, name="visit"),
    path("<int:household_id>/profile/", pages.profile_page, name="profile"),
    path("<int:household_id>/consent/", pages.consent_page, name="consent"),
    path(
        "<int:household_id>/consent/<int:consent_id>/withdraw/",
        pages.consent_withdraw_page,
        name="consent_withdraw",
    ),
    path(
        "<int:household_id>/conflicts/<int:conflict_id>/resolve/",
        pages.conflict_resolve_page,
        name="conflict_resolve",
    ),
    path("follow-ups/<int:follow_up_id>/done/", pages.follow_up_done, name="follow_up_done"),
    # The plan made with the household, what was agreed, its own score, a signal
    path("<int:household_id>/plan/", plans.plan_page, name="plan"),
    path("<int:household_id>/plan/agreed/", plans.plan_agreed, name="plan_agreed"),
    path("<int:household_id>/score/", plans.paper_score, name="paper_score"),
    path("<int:household_id>/signal/", plans.visit_signal, name="visit_signal"),
    # An application from a check with non-use found, followed to the decision
    path(
        "<int:household_id>/checks/<int:check_id>/application/",
        applications.application_page,
        name="application",
    ),
    # From household to peer
    path(
        "<int:household_id>/candidate/",
        candidates.propose_candidate,
        name="propose_candidate",
    ),
    # Referrals to partner organisations
    path("<int:household_id>/referrals/", referrals.referrals_page, name="referrals"),
    path(
        "<int:household_id>/referrals/<int:referral_id>/contact/",
        referrals.referral_contact,
        name="referral_contact",
    ),
]
