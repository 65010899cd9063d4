"""What a user may do with a record they can see. Plain functions, used by the API and the
pages alike; visibility itself is decided in querysets.py."""

from django.conf import settings
from django_otp import user_has_device

from outreach.models import Household, Role, TeamMembership, User

CASE_WORKER_ROLES = (Role.PEER, Role.COORDINATOR, Role.ADMIN)


def works_on_cases(user: User) -> bool:
    """Peers, coordinators and admins handle case records; the municipality never does."""
    return user.is_authenticated and user.role in CASE_WORKER_ROLES


def coordinates_team(user: User, team_id: int) -> bool:
    if user.role == Role.ADMIN:
        return True
    return (
        user.role == Role.COORDINATOR
        and TeamMembership.objects.instructed().filter(user=user, team_id=team_id).exists()
    )


def is_current_member(user: User, team_id: int) -> bool:
    """A member now, instructed in privacy: before the instruction nobody works on cases."""
    return TeamMembership.objects.instructed().filter(user=user, team_id=team_id).exists()


def can_register_household(user: User, team_id: int) -> bool:
    if user.role == Role.ADMIN:
        return True
    return user.role in (Role.PEER, Role.COORDINATOR) and is_current_member(user, team_id)


def can_edit_case(user: User, household: Household) -> bool:
    """Called only for households the user can see: anyone who handles cases may then edit."""
    return works_on_cases(user)


def can_assign(user: User, household: Household) -> bool:
    return coordinates_team(user, household.team_id)


def can_close(user: User, household: Household) -> bool:
    return coordinates_team(user, household.team_id)


def can_erase(user: User, household: Household) -> bool:
    return coordinates_team(user, household.team_id)


def can_delete_record(user: User, household: Household) -> bool:
    """Removing a visit, wish or other record is for coordinators; peers correct instead."""
    return coordinates_team(user, household.team_id)


def uses_phone_pages(user: User) -> bool:
    """Today and registering a household are the peer's own pages, on the phone."""
    return user.is_authenticated and user.role == Role.PEER


def can_manage_catalogue(user: User) -> bool:
    """The operator keeps the shared catalogue, a municipal administrator its own."""
    return manages_a_municipality(user)


# --- Municipal administration ---
def manages_a_municipality(user: User) -> bool:
    """The operator, and a municipal administrator tied to a municipality: they use the
    management pages (the admin site), each for what querysets.*_managed_by gives them."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.MUNICIPAL_ADMIN and user.municipality_id is not None


def can_open_management(user: User) -> bool:
    """The management pages (the admin site): staff, as Django's admin lets in, and who
    manages a municipality. The site and the menu both ask this."""
    return (user.is_active and user.is_staff) or manages_a_municipality(user)


def manages_municipality(user: User, municipality_id: int | None) -> bool:
    """Whether the user may change what belongs to this municipality; None is the shared
    part (national provisions, the default consent texts): the operator's alone."""
    if not manages_a_municipality(user):
        return False
    if user.role == Role.ADMIN:
        return True
    return municipality_id is not None and municipality_id == user.municipality_id


def reads_catalogue(user: User) -> bool:
    """The catalogue and consent texts: for who works on cases and who manages them."""
    return works_on_cases(user) or manages_a_municipality(user)


# --- Coordinator workspace ---
def coordinates_any_team(user: User) -> bool:
    """Coordinator pages and operations: coordinators (of a team now) and admins."""
    if not user.is_authenticated:
        return False
    if user.role == Role.ADMIN:
        return True
    is_member = TeamMembership.objects.current().filter(user=user)
    return user.role == Role.COORDINATOR and is_member.exists()


def sees_coordinator_workspace(user: User) -> bool:
    """Whether the menu offers the coordinator pages (asked on every page, so without a
    query: the pages themselves ask coordinates_any_team)."""
    return user.is_authenticated and user.role in (Role.COORDINATOR, Role.ADMIN)


def can_record_decline(user: User, household: Household) -> bool:
    return coordinates_team(user, household.team_id)


def can_record_signal(user: User, team_id: int) -> bool:
    if user.role == Role.ADMIN:
        return True
    return user.role in (Role.PEER, Role.COORDINATOR) and is_current_member(user, team_id)


def can_review_signal(user: User, signal) -> bool:
    return coordinates_team(user, signal.team_id)


def reads_signal_inbox(user: User) -> bool:
    """The signals inbox: the municipality's officials (of a municipality) and, to look
    along, the operator. The municipal administrator manages accounts, not policy: no."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.MUNICIPALITY and user.municipality_id is not None


def can_answer_signal(user: User, signal) -> bool:
    """Only the signal's own municipality answers it; the operator reads along but does
    not speak for a municipality."""
    return (
        user.is_authenticated
        and user.role == Role.MUNICIPALITY
        and user.municipality_id is not None
        and user.municipality_id == signal.team.municipality_id
    )


def can_record_volunteer_month(user: User, team_id: int) -> bool:
    return coordinates_team(user, team_id)


def can_record_meeting(user: User, team_id: int) -> bool:
    """Trainings and meetings, with attendance, are recorded by the team's coordinator."""
    return coordinates_team(user, team_id)


def can_submit_expense(user: User, member: User, team_id: int) -> bool:
    """A team member submits their own expenses for a team they are in; the coordinator
    of the team submits them for a member."""
    if coordinates_team(user, team_id):
        return True
    return user.pk == member.pk and is_current_member(user, team_id)


def can_approve_expense(user: User, expense) -> bool:
    """The team's coordinator approves, but never their own expense (four eyes); an
    administrator approves any."""
    if user.role == Role.ADMIN:
        return True
    return expense.user_id != user.pk and coordinates_team(user, expense.team_id)


def can_delete_expense(user: User, expense) -> bool:
    """The person themselves or their coordinator, while it waits for approval."""
    return expense.user_id == user.pk or coordinates_team(user, expense.team_id)


def can_see_birth_date(user: User, member: User) -> bool:
    """A date of birth is for the allowance only: the person and their team's coordinators."""
    if user.pk == member.pk or user.role == Role.ADMIN:
        return True
    teams = TeamMembership.objects.current().filter(user=member).values("team_id")
    return user.role == Role.COORDINATOR and (
        TeamMembership.objects.current().filter(user=user, team_id__in=teams).exists()
    )


# --- Activities and SMS ---
def can_run_activity(user: User, team_id: int) -> bool:
    """Peers and coordinators of the team run its activities: sessions, attendance."""
    if user.role == Role.ADMIN:
        return True
    return user.role in (Role.PEER, Role.COORDINATOR) and is_current_member(user, team_id)


def can_message_group(user: User, team_id: int) -> bool:
    """Writing to a whole group, editing message templates, reading the outbox."""
    return coordinates_team(user, team_id)


def can_see_outbox(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.COORDINATOR, Role.ADMIN)


# --- Reach figures ---
REACH_ROLES = (Role.MUNICIPALITY, Role.COORDINATOR, Role.ADMIN)


def can_see_reach(user: User) -> bool:
    """The anonymised figures are for the municipality, coordinators and admins; peers
    never see them (404)."""
    return user.is_authenticated and user.role in REACH_ROLES


def reach_municipality_ids(user: User) -> set[int] | None:
    """Municipalities whose figures the user may see; None: any (admin, one at a time)."""
    if not can_see_reach(user):
        return set()
    if user.role == Role.ADMIN:
        return None
    if user.role == Role.MUNICIPALITY:
        return {user.municipality_id} if user.municipality_id else set()
    return set(
        TeamMembership.objects.current()
        .filter(user=user)
        .order_by()
        .values_list("team__municipality_id", flat=True)
    )


def reach_team_ids(user: User) -> set[int] | None:
    """Teams whose own cells the user may see; None: every team and the municipality-wide
    cells. A coordinator sees their own teams' cells only (least privilege: not the
    municipality as a whole, and not another team)."""
    if user.role == Role.COORDINATOR:
        return set(
            TeamMembership.objects.current()
            .filter(user=user)
            .order_by()
            .values_list("team_id", flat=True)
        )
    return None


# --- Audit ---
def reads_access_log(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.COORDINATOR, Role.ADMIN)


def reads_whole_access_log(user: User) -> bool:
    """Admins read all of it, logins and refused attempts included; coordinators only the
    entries of their teams' cases (querysets.access_log_visible_to)."""
    return user.is_authenticated and user.role == Role.ADMIN


def breaks_glass(user: User) -> bool:
    """Breaking the glass is for coordinators; admins open every case anyway."""
    return user.is_authenticated and user.role == Role.COORDINATOR


def can_break_glass(user: User, household: Household) -> bool:
    """A coordinator may open a case of another team of their own municipality, never of
    another municipality, and not one they can open anyway."""
    if not user.is_authenticated or user.role != Role.COORDINATOR:
        return False
    own_teams = TeamMembership.objects.current().filter(user=user)
    if own_teams.filter(team_id=household.team_id).exists():
        return False
    return own_teams.filter(team__municipality_id=household.team.municipality_id).exists()


def can_export_case(user: User, household: Household) -> bool:
    """The subject access export is for the team's coordinator (and the administrator)."""
    return coordinates_team(user, household.team_id)


# --- Login and security ---
TWO_FACTOR_ROLES = (Role.COORDINATOR, Role.MUNICIPALITY, Role.MUNICIPAL_ADMIN, Role.ADMIN)


def two_factor_required(user: User) -> bool:
    """Coordinators, the municipality, municipal and other admins (and anyone with admin-site
    access) must pass the second login step, unless OTP_REQUIRED is off (the demo)."""
    return settings.OTP_REQUIRED and (
        user.role in TWO_FACTOR_ROLES or user.is_staff or user.is_superuser
    )


def needs_two_factor(user: User) -> bool:
    """The second step is asked of those who must, and of peers who set it up themselves."""
    return two_factor_required(user) or user_has_device(user)


def session_idle_seconds(user: User) -> int:
    """How long a session may go without a request before it ends."""
    minutes = (
        settings.SESSION_IDLE_MINUTES_PEER
        if user.role == Role.PEER
        else settings.SESSION_IDLE_MINUTES_STAFF
    )
    return minutes * 60


# --- The local offer ---
# The municipality (its analysts and its administrator) and the coordinators of its teams
# keep the directory together: each may add entries and change every entry of that
# municipality, the municipality's own funds and schemes included. A team is often the
# first to hear that a club stopped or a course got dearer; every change keeps a history
# row saying who made it, and nothing is deleted (an entry is made inactive instead).
# Peers read it; nobody reads or keeps another municipality's (querysets.offers_*).
OFFER_KEEPING_ROLES = (Role.MUNICIPALITY, Role.MUNICIPAL_ADMIN, Role.COORDINATOR, Role.ADMIN)


def reads_offer(user: User) -> bool:
    return (
        user.is_authenticated and user.is_active and user.role in (*OFFER_KEEPING_ROLES, Role.PEER)
    )


def can_keep_offer(user: User) -> bool:
    """Adding to and changing the local offer (for which municipality:
    querysets.offer_municipalities_kept_by; which entries: can_edit_offer)."""
    return user.is_authenticated and user.is_active and user.role in OFFER_KEEPING_ROLES


def can_edit_offer(user: User, offer) -> bool:
    if not can_keep_offer(user):
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.COORDINATOR:
        return (
            TeamMembership.objects.current()
            .filter(user=user, team__municipality_id=offer.municipality_id)
            .exists()
        )
    return offer.municipality_id == user.municipality_id


def phone_lock_applies(user: User) -> bool:
    """The app lock is for the phone pages, so for peers (a phone may be shared with family).
    Whether it is on depends on the peer having set a PIN (outreach.selectors.phone_lock)."""
    return user.is_authenticated and user.role == Role.PEER


def phone_lock_idle_seconds() -> int:
    """How long the phone pages stay open without being used before the lock closes them."""
    return settings.PHONE_LOCK_IDLE_SECONDS


# --- From household to peer, and leaving well ---
def can_propose_candidate(user: User, household: Household) -> bool:
    """The household's peer or coordinator may note it as a candidate for the team (the
    household must be visible to them: querysets decide that)."""
    if user.role == Role.ADMIN:
        return True
    return user.role in (Role.PEER, Role.COORDINATOR) and is_current_member(user, household.team_id)


def can_follow_candidate(user: User, candidate) -> bool:
    """The steps from candidate to member are recorded by the team's coordinator."""
    return coordinates_team(user, candidate.team_id)


def can_manage_membership(user: User, membership: TeamMembership) -> bool:
    """The privacy instruction and a member's leaving are recorded by the coordinator."""
    return coordinates_team(user, membership.team_id)


# --- Appreciation for peers ---
def can_thank(user: User, peer: User, team_id: int) -> bool:
    """A coordinator thanks a peer of a team they coordinate (an admin any team's peer)."""
    return (
        peer.role == Role.PEER
        and peer.pk != user.pk
        and coordinates_team(user, team_id)
        and is_current_member(peer, team_id)
    )


def can_see_year_overview(user: User, peer: User) -> bool:
    """A peer's yearly overview (counts only): the peer, their coordinator, an admin."""
    if not user.is_authenticated:
        return False
    if user.pk == peer.pk or user.role == Role.ADMIN:
        return True
    if user.role != Role.COORDINATOR:
        return False
    own_teams = TeamMembership.objects.current().filter(user=user).values("team_id")
    return TeamMembership.objects.current().filter(user=peer, team_id__in=own_teams).exists()


def can_dismiss_thanks(user: User, appreciation) -> bool:
    """Only the peer a thank-you is for puts it away."""
    return appreciation.peer_id == user.pk
