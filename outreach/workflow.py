"""Status enums of the case record and the transitions allowed between them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HouseholdStatus(models.TextChoices):
    NEW = "new", _("New")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class ClosingReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    NO_FURTHER_HELP_WANTED = "no_further_help_wanted", _("Household wants no further help")
    REFERRED = "referred", _("Referred to professional help")
    MOVED = "moved", _("Moved away")
    NO_CONTACT = "no_contact", _("No contact possible")
    OTHER = "other", _("Other")


# The household is asked for its own score only after a closing where it was helped: not
# after it moved away, could not be reached, or said it wants no further help (no foot in
# the door).
CLOSINGS_THAT_INVITE_A_SCORE = frozenset(
    {ClosingReason.GOALS_REACHED, ClosingReason.REFERRED, ClosingReason.OTHER}
)


class WishStatus(models.TextChoices):
    ARTICULATED = "articulated", _("Articulated")
    IN_PROGRESS = "in_progress", _("In progress")
    REALISED = "realised", _("Realised")
    ABANDONED = "abandoned", _("Abandoned")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


HOUSEHOLD_TRANSITIONS: dict[str, set[str]] = {
    HouseholdStatus.NEW: {HouseholdStatus.ACTIVE, HouseholdStatus.CLOSED},
    HouseholdStatus.ACTIVE: {HouseholdStatus.CLOSED},
    HouseholdStatus.CLOSED: {HouseholdStatus.ACTIVE},
}

WISH_TRANSITIONS: dict[str, set[str]] = {
    WishStatus.ARTICULATED: {WishStatus.IN_PROGRESS, WishStatus.REALISED, WishStatus.ABANDONED},
    WishStatus.IN_PROGRESS: {WishStatus.ARTICULATED, WishStatus.REALISED, WishStatus.ABANDONED},
    WishStatus.REALISED: {WishStatus.IN_PROGRESS},
    WishStatus.ABANDONED: {WishStatus.ARTICULATED, WishStatus.IN_PROGRESS},
}

FOLLOW_UP_TRANSITIONS: dict[str, set[str]] = {
    FollowUpStatus.OPEN: {FollowUpStatus.DONE, FollowUpStatus.CANCELLED},
    FollowUpStatus.DONE: {FollowUpStatus.OPEN},
    FollowUpStatus.CANCELLED: {FollowUpStatus.OPEN},
}


def is_allowed(transitions: dict[str, set[str]], current: str, new: str) -> bool:
    return current == new or new in transitions.get(current, set())


class ApplicationStatus(models.TextChoices):
    STARTED = "started", _("Started")
    SUBMITTED = "submitted", _("Submitted")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Turned down")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An application is prepared (its documents gathered), submitted, and then decided on; the
# household may withdraw it until the decision. A decision is final: a new application is
# a new check.
APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    ApplicationStatus.STARTED: {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN},
    ApplicationStatus.SUBMITTED: {
        ApplicationStatus.GRANTED,
        ApplicationStatus.REFUSED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.GRANTED: set(),
    ApplicationStatus.REFUSED: set(),
    ApplicationStatus.WITHDRAWN: set(),
}

APPLICATION_DECISIONS = (
    ApplicationStatus.GRANTED,
    ApplicationStatus.REFUSED,
    ApplicationStatus.WITHDRAWN,
)


class CandidateStatus(models.TextChoices):
    """The way from visited household to team member, one step after the other."""

    PROPOSED = "proposed", _("Proposed")
    INTRODUCTION_TALK = "introduction_talk", _("Introduction talk held")
    TRAINING = "training", _("Introduction training done")
    BUDDY_VISIT = "buddy_visit", _("First visit with an experienced peer done")
    MEMBER = "member", _("Became a team member")
    STOPPED = "stopped", _("Stopped")


CANDIDATE_STEPS = (
    CandidateStatus.PROPOSED,
    CandidateStatus.INTRODUCTION_TALK,
    CandidateStatus.TRAINING,
    CandidateStatus.BUDDY_VISIT,
    CandidateStatus.MEMBER,
)
# Each step follows the one before; anyone not yet a member may stop.
CANDIDATE_TRANSITIONS: dict[str, set[str]] = {
    step: {CANDIDATE_STEPS[number + 1], CandidateStatus.STOPPED}
    for number, step in enumerate(CANDIDATE_STEPS[:-1])
}
CANDIDATE_TRANSITIONS[CandidateStatus.MEMBER] = set()
CANDIDATE_TRANSITIONS[CandidateStatus.STOPPED] = set()
