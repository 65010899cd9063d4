from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api.activities import (
    ActivityViewSet,
    EnrolmentViewSet,
    ParticipantViewSet,
    SessionViewSet,
)
from api.applications import ApplicationViewSet
from api.appreciation import AppreciationViewSet, MilestoneViewSet, YearOverviewViewSet
from api.audit import AccessLogViewSet, BreakGlassViewSet, HouseholdExportViewSet
from api.auth import LogoutView, TokenView
from api.candidates import PeerCandidateViewSet, TeamMembershipViewSet
from api.conflicts import ConflictViewSet
from api.consents import ConsentTextViewSet, ConsentViewSet
from api.coordinator import (
    CaseloadViewSet,
    DeclineViewSet,
    IntakeViewSet,
    OverdueViewSet,
    WorkloadViewSet,
)
from api.first_contacts import FirstContactViewSet
from api.follow_ups import FollowUpViewSet
from api.households import HouseholdViewSet
from api.offer import OfferViewSet
from api.plans import OwnScoreViewSet, PlanViewSet
from api.provision_checks import ProvisionCheckViewSet
from api.provisions import ProvisionViewSet
from api.reach import ReachView
from api.referrals import ReferralViewSet
from api.signal_inbox import SignalInboxViewSet
from api.signals import SignalThemeViewSet, SignalViewSet
from api.sms import (
    HouseholdSmsViewSet,
    MessageTemplateViewSet,
    NotificationPreferenceViewSet,
    OutboxViewSet,
)
from api.team_care import (
    AllowanceLimitViewSet,
    ExpenseViewSet,
    TeamMeetingViewSet,
    VolunteerMonthViewSet,
)
from api.teams import TeamViewSet
from api.users import UserViewSet
from api.visits import VisitViewSet
from api.wishes import WishViewSet
from outreach.db import transaction_for_writes

router = DefaultRouter()
router.register("households", HouseholdViewSet, basename="household")
router.register("visits", VisitViewSet, basename="visit")
router.register("wishes", WishViewSet, basename="wish")
router.register("provisions", ProvisionViewSet, basename="provision")
router.register("provision-checks", ProvisionCheckViewSet, basename="provision-check")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")
router.register("applications", ApplicationViewSet, basename="application")
router.register("consents", ConsentViewSet, basename="consent")
router.register("plans", PlanViewSet, basename="plan")
router.register("own-scores", OwnScoreViewSet, basename="own-score")
router.register("consent-texts", ConsentTextViewSet, basename="consent-text")
router.register("first-contacts", FirstContactViewSet, basename="first-contact")
router.register("conflicts", ConflictViewSet, basename="conflict")
router.register("teams", TeamViewSet, basename="team")
router.register("users", UserViewSet, basename="user")


# --- Coordinator workspace ---
router.register("coordinator/intake", IntakeViewSet, basename="intake")
router.register("coordinator/workload", WorkloadViewSet, basename="workload")
router.register("coordinator/overdue-follow-ups", OverdueViewSet, basename="overdue-follow-up")
router.register("coordinator/caseload", CaseloadViewSet, basename="caseload")
router.register("declines", DeclineViewSet, basename="decline")


# --- Signals and team care ---
router.register("signals", SignalViewSet, basename="signal")
router.register("signal-themes", SignalThemeViewSet, basename="signal-theme")
router.register("volunteer-months", VolunteerMonthViewSet, basename="volunteer-month")
router.register("allowance-limits", AllowanceLimitViewSet, basename="allowance-limit")
router.register("team-meetings", TeamMeetingViewSet, basename="team-meeting")
router.register("expenses", ExpenseViewSet, basename="expense")


# --- From household to peer, and leaving well ---
router.register("peer-candidates", PeerCandidateViewSet, basename="peer-candidate")
router.register("team-memberships", TeamMembershipViewSet, basename="team-membership")


# --- Referrals to partner organisations ---
router.register("referrals", ReferralViewSet, basename="referral")


# --- Appreciation for peers: milestones, thank-yous, the yearly overview ---
router.register("appreciations/milestones", MilestoneViewSet, basename="milestone")
router.register("appreciations", AppreciationViewSet, basename="appreciation")
router.register("year-overviews", YearOverviewViewSet, basename="year-overview")


# --- Activities and SMS ---
router.register("activities", ActivityViewSet, basename="activity")
router.register("sessions", SessionViewSet, basename="session")
router.register("participants", ParticipantViewSet, basename="participant")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
router.register("outbox", OutboxViewSet, basename="outbox")
router.register("sms-templates", MessageTemplateViewSet, basename="sms-template")
router.register(
    "notification-preferences", NotificationPreferenceViewSet, basename="notification-preference"
)
router.register("household-sms", HouseholdSmsViewSet, basename="household-sms")


# --- The local offer ---
router.register("offers", OfferViewSet, basename="offer")


# --- The municipality: reach figures and the signals inbox ---
reach_urls = [path("reach/", ReachView.as_view(), name="reach")]
router.register("signal-inbox", SignalInboxViewSet, basename="signal-inbox")


# --- Audit ---
router.register("access-log", AccessLogViewSet, basename="access-log")
router.register("break-glass", BreakGlassViewSet, basename="break-glass")
router.register(r"households/(?P<pk>[0-9]+)/export", HouseholdExportViewSet, "household-export")


urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("auth/logout/", LogoutView.as_view(), name="auth-logout"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Split view: Swagger UI's start-up script is served as a file, not inline (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    path("", include(router.urls)),
    *reach_urls,
]
# Reads without a transaction, writes in one (outreach.db.transaction_for_writes).
for pattern in [*urlpatterns[:4], *router.urls, *reach_urls]:
    pattern.callback = transaction_for_writes(pattern.callback)
