"""From visited household to team member: noting a candidate (with the household's consent
to be asked) and each step the coordinator records, up to membership or a stop."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import (
    CandidateStatus,
    ConsentMethod,
    Household,
    PeerCandidate,
    Role,
    TeamMembership,
    User,
)
from outreach.selectors.candidates import open_candidacy, participation_went_up
from outreach.services.assignments import require_peer
from outreach.services.errors import field_error
from outreach.validators import normalize_dutch_mobile
from outreach.workflow import CANDIDATE_TRANSITIONS

# The date field each step fills in.
STEP_DATES = {
    CandidateStatus.INTRODUCTION_TALK: "introduction_talk_on",
    CandidateStatus.TRAINING: "training_on",
    CandidateStatus.BUDDY_VISIT: "buddy_visit_on",
    CandidateStatus.MEMBER: "member_since",
    CandidateStatus.STOPPED: "stopped_on",
}


@transaction.atomic
def candidate_propose(
    *,
    household: Household,
    name: str,
    consent_method: str,
    proposed_by: User,
    phone: str = "",
) -> PeerCandidate:
    """Note someone of a household whose participation went up as a candidate for the team.
    The household agreed to be asked (how: consent_method; when: now)."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if not participation_went_up(household):
        raise field_error(
            "household",
            _("Only a household whose participation went up can be proposed."),
            "not_more_active",
        )
    if open_candidacy(household) is not None:
        raise field_error(
            "household", _("Someone of this household is already a candidate."), "duplicate"
        )
    if consent_method not in ConsentMethod.values:
        raise field_error(
            "consent_method", _("Say how the household agreed to be asked."), "required"
        )
    if not name.strip():
        raise field_error("name", _("Give a first name or initials."), "required")
    if phone:
        try:
            phone = normalize_dutch_mobile(phone)
        except ValidationError as error:
            raise ValidationError({"phone": error.error_list}) from error
    candidate = PeerCandidate(
        household=household,
        team_id=household.team_id,
        name=name.strip(),
        phone=phone,
        consent_method=consent_method,
        consent_given_at=timezone.now(),
        proposed_by=proposed_by,
    )
    candidate._history_user = proposed_by
    candidate.full_clean()
    candidate.save()
    return candidate


def _check_buddy(team_id: int, buddy: User | None) -> None:
    if buddy is None:
        raise field_error("buddy", _("Choose the experienced peer."), "required")
    require_peer("buddy", buddy)
    if not TeamMembership.objects.instructed().filter(user=buddy, team_id=team_id).exists():
        raise field_error("buddy", _("This person is not a member of the team."), "other_team")


def _member_account(candidate: PeerCandidate, username: str, on: date) -> User:
    """A new peer account for the candidate, and their membership of the team from this
    day, without the privacy instruction yet (the coordinator records it after)."""
    username = username.strip()
    if not username:
        raise field_error("username", _("Choose a user name for the account."), "required")
    if User.objects.filter(username__iexact=username).exists():
        raise field_error("username", _("This user name is taken."), "taken")
    user = User(username=username, role=Role.PEER, first_name=candidate.name)
    user.set_unusable_password()
    user.save()
    TeamMembership.objects.create(user=user, team_id=candidate.team_id, started_on=on)
    return user


@transaction.atomic
def candidate_step(
    *,
    candidate: PeerCandidate,
    status: str,
    on: date,
    recorded_by: User,
    buddy: User | None = None,
    username: str = "",
    reason: str = "",
) -> PeerCandidate:
    """Record the next step: the introduction talk, the training, the first visit together
    with an experienced peer (buddy), membership (a new peer account and membership of the
    team), or a stop (with its reason)."""
    candidate = PeerCandidate.objects.select_for_update().get(pk=candidate.pk)
    if status not in CANDIDATE_TRANSITIONS.get(candidate.status, set()):
        raise field_error("status", _("This step cannot follow the last one."), "transition")
    if on > timezone.localdate():
        raise field_error("on", _("This date is in the future."), "future")
    if status == CandidateStatus.BUDDY_VISIT:
        _check_buddy(candidate.team_id, buddy)
        candidate.buddy = buddy
    if status == CandidateStatus.STOPPED:
        if not reason.strip():
            raise field_error("reason", _("Say why it stopped."), "required")
        candidate.stop_reason = reason.strip()
    if status == CandidateStatus.MEMBER:
        candidate.user = _member_account(candidate, username, on)
    setattr(candidate, STEP_DATES[status], on)
    candidate.status = status
    candidate._history_user = recorded_by
    candidate.save()
    return candidate
