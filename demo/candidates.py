"""Demo data of the way from household to peer, and of leaving well: two candidates at
different steps, one who became a member (instructed in privacy), and a member who left
for paid work last year. Made through the services, only once (safe to run again)."""

from datetime import date, timedelta

from django.conf import settings

from outreach.models import (
    CandidateStatus,
    Household,
    PeerCandidate,
    Role,
    Team,
    TeamMembership,
    User,
)
from outreach.selectors.candidates import may_be_proposed
from outreach.services.candidates import candidate_propose, candidate_step
from outreach.services.memberships import membership_end, privacy_instruction_record

FORMER_MEMBER = ("peer-noord-oud", "Joke", "Aarts")
NEW_MEMBER = "peer-noord-3"


def _eligible(team: Team, count: int) -> list[Household]:
    found = []
    for household in Household.objects.filter(team=team, plan__isnull=False).order_by("pk"):
        if may_be_proposed(household):
            found.append(household)
        if len(found) == count:
            break
    return found


def _walk(candidate, steps, coordinator, today: date, buddy=None, username=""):
    for days_ago, status in steps:
        candidate = candidate_step(
            candidate=candidate,
            status=status,
            on=today - timedelta(days=days_ago),
            buddy=buddy if status == CandidateStatus.BUDDY_VISIT else None,
            username=username if status == CandidateStatus.MEMBER else "",
            recorded_by=coordinator,
        )
    return candidate


def seed_candidates_demo(teams: dict[str, Team], users: dict[str, User], today: date) -> None:
    if PeerCandidate.objects.filter(team__in=teams.values()).exists():
        return
    noord, zuid = _eligible(teams["Noord"], 2), _eligible(teams["Zuid"], 1)
    coordinator, zuid_coordinator = users["coord-noord"], users["coord-zuid"]
    if len(noord) == 2:
        talked = candidate_propose(
            household=noord[0], name="Anja", consent_method="verbal",
            proposed_by=users["peer-noord-1"],
        )  # fmt: skip
        _walk(talked, [(20, CandidateStatus.INTRODUCTION_TALK)], coordinator, today)
        member = candidate_propose(
            household=noord[1], name="Sandra", phone="0612345670", consent_method="verbal",
            proposed_by=users["peer-noord-2"],
        )  # fmt: skip
        member = _walk(
            member,
            [
                (90, CandidateStatus.INTRODUCTION_TALK),
                (70, CandidateStatus.TRAINING),
                (50, CandidateStatus.BUDDY_VISIT),
                (30, CandidateStatus.MEMBER),
            ],
            coordinator,
            today,
            buddy=users["peer-noord-2"],
            username=NEW_MEMBER,
        )
        # A demo account logs in with the demo password, as the others do.
        member.user.set_password(settings.DEMO_PASSWORD)
        member.user.save(update_fields=["password"])
        privacy_instruction_record(
            membership=TeamMembership.objects.get(user=member.user),
            on=today - timedelta(days=28),
            recorded_by=coordinator,
        )
    if zuid:
        trained = candidate_propose(
            household=zuid[0], name="M.K.", consent_method="written",
            proposed_by=users["peer-zuid-1"],
        )  # fmt: skip
        _walk(
            trained,
            [(40, CandidateStatus.INTRODUCTION_TALK), (15, CandidateStatus.TRAINING)],
            zuid_coordinator,
            today,
        )
    _former_member(teams["Noord"], coordinator, today)


def _former_member(team: Team, coordinator: User, today: date) -> None:
    """A member who left for paid work last year."""
    username, first, last = FORMER_MEMBER
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"role": Role.PEER, "first_name": first, "last_name": last, "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    started_on = date(today.year - 4, 3, 1)
    membership, _ = TeamMembership.objects.get_or_create(
        user=user,
        team=team,
        defaults={"started_on": started_on, "privacy_instruction_on": started_on},
    )
    if membership.ended_on is not None:
        return
    membership_end(
        membership=membership,
        ended_on=date(today.year - 1, 9, 1),
        left_for="paid_work",
        note="Vaste baan bij de thuiszorg",
        ended_by=coordinator,
    )
