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
from outreach.models.provisions import (
    NonUseReason,
    Provision,
    ProvisionCheck,
    ProvisionLevel,
    ProvisionOutcome,
)
from outreach.models.teams import Municipality, Team, TeamMembership
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
from outreach.models.team_care import AllowanceLimit, VolunteerMonth

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

__all__ = [
    "AgeBand",
    "ApiToken",
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
    "PeerDecline",
    "Signal",
    "SignalAnswer",
    "SignalAnswerStatus",
    "SignalStatus",
    "SignalTheme",
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
