from outreach.models.api_tokens import ApiToken
from outreach.models.areas import AreaName
from outreach.models.conflicts import EditConflict
from outreach.models.consent import Consent, ConsentMethod, ConsentScope, ConsentText
from outreach.models.erasure import ErasureRecord, ErasureSubject
from outreach.models.first_contacts import ContactOutcome, FirstContact, PostcodeArea
from outreach.models.follow_ups import FollowUp
from outreach.models.households import (
    AgeBand,
    Assignment,
    Household,
    HouseholdMember,
    IncomeSource,
    KnownToMunicipality,
    ReferenceCounter,
    ReferralSource,
)
from outreach.models.phone_lock import PhonePin
from outreach.models.provisions import (
    NonUseReason,
    Provision,
    ProvisionCheck,
    ProvisionLevel,
    ProvisionOutcome,
)
from outreach.models.teams import LeavingReason, Municipality, Team, TeamMembership
from outreach.models.users import Role, User
from outreach.models.visits import Visit, VisitKind
from outreach.models.wishes import Barrier, ParticipationWish, WishCategory

# isort: split
# Coordinator workspace
from outreach.models.declines import PeerDecline
from outreach.models.signals import (
    Signal,
    SignalAnswer,
    SignalAnswerStatus,
    SignalStatus,
    SignalTheme,
)
from outreach.models.team_care import (
    AllowanceLimit,
    Expense,
    ExpenseKind,
    ExpenseStatus,
    MeetingAttendance,
    MeetingKind,
    TeamMeeting,
    VolunteerMonth,
)

# isort: split
# The plan agreed with the household and its own score
from outreach.models.plans import (
    LadderRung,
    LadderStep,
    LadderStepKind,
    OwnScore,
    ParticipationPlan,
    ScoreSource,
)

# isort: split
# The local offer
# Applications followed to a decision
from outreach.models.applications import Application

# From household to peer
from outreach.models.candidates import PeerCandidate
from outreach.models.offer import LocalOffer, OfferKind

# Referrals to partner organisations
from outreach.models.referrals import ContactMade, PartnerKind, Referral, ReferralConsentMethod
from outreach.workflow import CandidateStatus

# isort: split
# Appreciation for peers
from outreach.models.appreciation import Appreciation

__all__ = [
    "AgeBand",
    "ApiToken",
    "Application",
    "AreaName",
    "Assignment",
    "Barrier",
    "Consent",
    "ConsentMethod",
    "ConsentScope",
    "ConsentText",
    "ContactOutcome",
    "EditConflict",
    "ErasureRecord",
    "ErasureSubject",
    "FirstContact",
    "FollowUp",
    "Household",
    "HouseholdMember",
    "IncomeSource",
    "KnownToMunicipality",
    "Municipality",
    "NonUseReason",
    "ParticipationWish",
    "PhonePin",
    "PostcodeArea",
    "Provision",
    "ProvisionCheck",
    "ProvisionLevel",
    "ProvisionOutcome",
    "ReferenceCounter",
    "ReferralSource",
    "Role",
    "Team",
    "TeamMembership",
    "User",
    "Visit",
    "VisitKind",
    "WishCategory",
]

# Coordinator workspace
__all__ += [
    "AllowanceLimit",
    "Expense",
    "ExpenseKind",
    "ExpenseStatus",
    "MeetingAttendance",
    "MeetingKind",
    "PeerDecline",
    "Signal",
    "SignalAnswer",
    "SignalAnswerStatus",
    "SignalStatus",
    "SignalTheme",
    "TeamMeeting",
    "VolunteerMonth",
]

# The plan agreed with the household and its own score
__all__ += [
    "LadderRung",
    "LadderStep",
    "LadderStepKind",
    "OwnScore",
    "ParticipationPlan",
    "ScoreSource",
]

# The local offer
__all__ += ["LocalOffer", "OfferKind"]
# From household to peer
__all__ += ["CandidateStatus", "LeavingReason", "PeerCandidate"]
# Referrals to partner organisations
__all__ += ["ContactMade", "PartnerKind", "Referral", "ReferralConsentMethod"]

# Appreciation for peers
__all__ += ["Appreciation"]
