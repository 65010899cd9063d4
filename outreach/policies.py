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
        and TeamMembership.objects.current().filter(user=user, team_id=team_id).exists()
    )


def is_current_member(user: User, team_id: int) -> bool:
    return TeamMembership.objects.current().filter(user=user, team_id=team_id).exists()


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
