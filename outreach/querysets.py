"""The one place that decides which case records a user may see.

Every list and detail view, page and API alike, starts from these querysets, so a record
outside a user's scope simply does not exist for them (404, never 403). Team membership
counts only once the privacy instruction is recorded (current_team_ids).
- peer: households currently assigned to them (lead or buddy) in a team they belong to now;
- coordinator: the households of the teams they currently belong to,
  and a case of another team for the hours after they broke the glass;
- admin: everything;
- municipality, municipal administrator (and anyone else): no case record at all.

The municipal administrator manages one municipality: its teams, the accounts of their
members, its own catalogue and consent texts (the shared ones it reads). The deployment's
administrator (admin) manages all of it.

The other apps' records (activities and text messages in notifications/scopes.py, the
access log in audit/scopes.py) are scoped there, built from the primitives here:
current_team_ids (the teams a user belongs to now) and coordinated_team_ids. The one way in
for another app is household_grant_register: audit registers the break-the-glass grant.
"""

from collections.abc import Callable

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from outreach.models import (
    Application,
    Appreciation,
    Assignment,
    Consent,
    ConsentText,
    EditConflict,
    Expense,
    FirstContact,
    FollowUp,
    Household,
    HouseholdMember,
    LadderStep,
    LocalOffer,
    Municipality,
    OwnScore,
    ParticipationPlan,
    ParticipationWish,
    PeerCandidate,
    PeerDecline,
    Provision,
    ProvisionCheck,
    Referral,
    Role,
    Signal,
    SignalStatus,
    SignalTheme,
    Team,
    TeamMeeting,
    TeamMembership,
    User,
    Visit,
    VolunteerMonth,
)

HOUSEHOLD_RECORDS: tuple[type[Model], ...] = (
    Application,
    Assignment,
    Consent,
    EditConflict,
    FollowUp,
    HouseholdMember,
    LadderStep,
    OwnScore,
    ParticipationPlan,
    ParticipationWish,
    ProvisionCheck,
    Referral,
    Visit,
)


# Functions user -> queryset of household ids: cases outside a coordinator's own teams that
# another app grants them for a while (audit: breaking the glass). Registered at ready().
HouseholdGrant = Callable[[User], QuerySet]
_household_grants: list[HouseholdGrant] = []


def household_grant_register(grant: HouseholdGrant) -> None:
    if grant not in _household_grants:
        _household_grants.append(grant)


def current_team_ids(user: User) -> QuerySet:
    """The teams whose records the user works with now: a membership counts from the day
    the coordinator recorded the privacy instruction, so a new member sees no case record,
    person or team record before it (every scope here and in the other apps starts here)."""
    return TeamMembership.objects.instructed().filter(user=user).values("team_id")


def awaits_privacy_instruction(user: User) -> bool:
    """A member now of a team, but not yet instructed in privacy for any of them."""
    if not user.is_authenticated or user.role not in (Role.PEER, Role.COORDINATOR):
        return False
    today = timezone.localdate()
    instructed_on = list(
        TeamMembership.objects.current(today)
        .filter(user=user)
        .values_list("privacy_instruction_on", flat=True)
    )
    return bool(instructed_on) and all(on is None or on > today for on in instructed_on)


def _own_and_granted_ids(user: User) -> QuerySet:
    # One list of ids (the teams' cases UNION the granted ones), not `team IN ... OR id IN
    # ...`: for the OR PostgreSQL reads every open case of the country and tests each,
    # 0.1-0.2 s per board at national size; the union reads the team's cases by their index
    # (intake queue 139 -> 18 ms, overdue board 225 -> 12 ms; bench/README.md).
    ids = Household.objects.filter(team_id__in=current_team_ids(user)).order_by().values("pk")
    for grant in _household_grants:
        ids = ids.union(grant(user).order_by())
    return ids


def households_visible_to(user: User) -> QuerySet[Household]:
    # An anonymised case is only a row of coarse figures: nobody opens it any more.
    households = Household.objects.filter(anonymised_at__isnull=True)
    if not user.is_authenticated or not user.is_active:
        return households.none()
    if user.role == Role.ADMIN:
        return households
    if user.role == Role.COORDINATOR:
        return households.filter(pk__in=_own_and_granted_ids(user))
    if user.role == Role.PEER:
        assigned = Assignment.objects.current().filter(Q(lead=user) | Q(buddy=user))
        return households.filter(
            pk__in=assigned.values("household_id"), team_id__in=current_team_ids(user)
        )
    return households.none()


def visible_to(user: User, model: type[Model]) -> QuerySet:
    """All rows of a case-record model that the user may see."""
    if model is Household:
        return households_visible_to(user)
    if model in HOUSEHOLD_RECORDS:
        return model.objects.filter(household__in=households_visible_to(user).values("pk"))
    raise LookupError(f"No visibility rule for {model.__name__}")


def teams_visible_to(user: User) -> QuerySet[Team]:
    teams = Team.objects.select_related("municipality")
    if not user.is_authenticated:
        return teams.none()
    if user.role == Role.ADMIN:
        return teams
    if user.role in (Role.MUNICIPALITY, Role.MUNICIPAL_ADMIN):
        return teams.filter(municipality_id=user.municipality_id)
    return teams.filter(pk__in=current_team_ids(user))


def users_visible_to(user: User) -> QuerySet[User]:
    """Colleagues: the current members of the user's own teams (and the user)."""
    users = User.objects.all()
    if not user.is_authenticated:
        return users.none()
    if user.role == Role.ADMIN:
        return users
    if user.role in (Role.COORDINATOR, Role.PEER):
        colleagues = TeamMembership.objects.current().filter(team_id__in=current_team_ids(user))
        return users.filter(pk__in=colleagues.values("user_id")) | users.filter(pk=user.pk)
    if user.role == Role.MUNICIPAL_ADMIN:
        return accounts_managed_by(user) | users.filter(pk=user.pk)
    return users.filter(pk=user.pk)


def colleagues_past_and_present(user: User) -> QuerySet[User]:
    """users_visible_to, and for a coordinator also those who have left their teams: whose
    hours of an earlier month are recorded, whose cases are handed over, whom a household
    that they visited before declines."""
    if user.is_authenticated and user.role == Role.COORDINATOR:
        members = TeamMembership.objects.filter(team_id__in=current_team_ids(user))
        return users_visible_to(user) | User.objects.filter(pk__in=members.values("user_id"))
    return users_visible_to(user)


def coordinated_team_ids(user: User) -> QuerySet:
    """The teams whose cases the user coordinates: their own teams, or all for an admin."""
    if user.is_authenticated and user.role == Role.ADMIN:
        return Team.objects.values("pk")
    if user.is_authenticated and user.role == Role.COORDINATOR:
        return current_team_ids(user)
    return Team.objects.none().values("pk")


def declines_visible_to(user: User) -> QuerySet:
    """Which peers a household declined is for coordinators only: peers are colleagues."""
    if not user.is_authenticated or user.role not in (Role.COORDINATOR, Role.ADMIN):
        return PeerDecline.objects.none()
    return PeerDecline.objects.filter(household__in=households_visible_to(user).values("pk"))


def signals_visible_to(user: User) -> QuerySet:
    """Signals hold no personal data: the whole team sees its own; admins all."""
    if not user.is_authenticated or not user.is_active:
        return Signal.objects.none()
    if user.role == Role.ADMIN:
        return Signal.objects.all()
    if user.role in (Role.COORDINATOR, Role.PEER):
        return Signal.objects.filter(team_id__in=current_team_ids(user))
    return Signal.objects.none()


def signal_inbox_of(user: User) -> QuerySet:
    """Forwarded signals as the municipality reads them: the municipality's officials see
    those of their own municipality's teams; the operator (admin) all, to look along;
    everyone else (the municipal administrator, who manages accounts, not policy) none."""
    forwarded = Signal.objects.filter(status=SignalStatus.FORWARDED)
    if not user.is_authenticated or not user.is_active:
        return forwarded.none()
    if user.role == Role.ADMIN:
        return forwarded
    if user.role == Role.MUNICIPALITY and user.municipality_id:
        return forwarded.filter(team__municipality_id=user.municipality_id)
    return forwarded.none()


def first_contacts_visible_to(user: User) -> QuerySet:
    """First contacts name nobody: the whole team sees its own; admins all."""
    if not user.is_authenticated or not user.is_active:
        return FirstContact.objects.none()
    if user.role == Role.ADMIN:
        return FirstContact.objects.all()
    if user.role in (Role.COORDINATOR, Role.PEER):
        return FirstContact.objects.filter(team_id__in=current_team_ids(user))
    return FirstContact.objects.none()


def signal_themes_visible_to(user: User) -> QuerySet:
    """The shared starting list plus the themes added in the user's municipality."""
    if not user.is_authenticated or user.role not in (Role.PEER, Role.COORDINATOR, Role.ADMIN):
        return SignalTheme.objects.none()
    themes = SignalTheme.objects.all()
    if user.role == Role.ADMIN:
        return themes
    municipalities = Team.objects.filter(pk__in=current_team_ids(user)).values("municipality_id")
    return themes.filter(Q(municipality__isnull=True) | Q(municipality_id__in=municipalities))


def meetings_visible_to(user: User) -> QuerySet:
    """Trainings and meetings: those of the user's current teams (every team for an admin)."""
    if not user.is_authenticated or not user.is_active:
        return TeamMeeting.objects.none()
    if user.role == Role.ADMIN:
        return TeamMeeting.objects.all()
    if user.role in (Role.COORDINATOR, Role.PEER):
        return TeamMeeting.objects.filter(team_id__in=current_team_ids(user))
    return TeamMeeting.objects.none()


def expenses_visible_to(user: User) -> QuerySet:
    """Expenses and their receipts: a team member's own; a coordinator's teams' as well."""
    if not user.is_authenticated or not user.is_active:
        return Expense.objects.none()
    if user.role == Role.ADMIN:
        return Expense.objects.all()
    if user.role == Role.COORDINATOR:
        return Expense.objects.filter(Q(team_id__in=current_team_ids(user)) | Q(user=user))
    if user.role == Role.PEER:
        return Expense.objects.filter(user=user)
    return Expense.objects.none()


def volunteer_months_visible_to(user: User) -> QuerySet:
    """Hours and allowances: coordinators see their teams', a peer only their own."""
    if not user.is_authenticated or not user.is_active:
        return VolunteerMonth.objects.none()
    if user.role == Role.ADMIN:
        return VolunteerMonth.objects.all()
    if user.role == Role.COORDINATOR:
        return VolunteerMonth.objects.filter(team_id__in=current_team_ids(user))
    if user.role == Role.PEER:
        return VolunteerMonth.objects.filter(user=user)
    return VolunteerMonth.objects.none()


def candidates_visible_to(user: User) -> QuerySet:
    """Candidates for the team: its coordinators follow them all; a peer sees those they
    proposed or go on a first visit with; admins all."""
    if not user.is_authenticated or not user.is_active:
        return PeerCandidate.objects.none()
    if user.role == Role.ADMIN:
        return PeerCandidate.objects.all()
    in_team = PeerCandidate.objects.filter(team_id__in=current_team_ids(user))
    if user.role == Role.COORDINATOR:
        return in_team
    if user.role == Role.PEER:
        return in_team.filter(Q(proposed_by=user) | Q(buddy=user))
    return PeerCandidate.objects.none()


def memberships_visible_to(user: User) -> QuerySet:
    """Memberships of the teams a user coordinates (current members, and those who left),
    for recording the privacy instruction and a member's leaving; admins all."""
    if not user.is_authenticated or not user.is_active:
        return TeamMembership.objects.none()
    return TeamMembership.objects.filter(team_id__in=coordinated_team_ids(user))


def appreciations_visible_to(user: User) -> QuerySet:
    """Thank-yous: a peer reads their own; a coordinator those sent in their teams (to the
    teams' members); admins all. They are about a peer's work, never about a household."""
    if not user.is_authenticated or not user.is_active:
        return Appreciation.objects.none()
    if user.role == Role.ADMIN:
        return Appreciation.objects.all()
    if user.role == Role.COORDINATOR:
        return Appreciation.objects.filter(team_id__in=current_team_ids(user))
    if user.role == Role.PEER:
        return Appreciation.objects.filter(peer=user)
    return Appreciation.objects.none()


# --- Municipal administration ---
# A municipal administrator without a municipality manages nothing (None never matches).
MANAGED_ACCOUNT_ROLES = (Role.PEER, Role.COORDINATOR)


def accounts_managed_by(user: User) -> QuerySet[User]:
    """The accounts a user may manage: for the operator all; for a municipal administrator
    the peers and coordinators of its municipality (a member of one of its teams, now or
    before, or an account it made), never an administrator or the municipality's analysts."""
    users = User.objects.all()
    if not user.is_authenticated or not user.is_active:
        return users.none()
    if user.role == Role.ADMIN:
        return users
    if user.role != Role.MUNICIPAL_ADMIN or user.municipality_id is None:
        return users.none()
    members = TeamMembership.objects.filter(team__municipality_id=user.municipality_id)
    return users.filter(
        Q(municipality_id=user.municipality_id) | Q(pk__in=members.values("user_id")),
        role__in=MANAGED_ACCOUNT_ROLES,
    ).exclude(pk=user.pk)


def municipalities_managed_by(user: User) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if user.role == Role.ADMIN:
        return Municipality.objects.all()
    if user.role == Role.MUNICIPAL_ADMIN:
        return Municipality.objects.filter(pk=user.municipality_id)
    return Municipality.objects.none()


def teams_managed_by(user: User) -> QuerySet[Team]:
    return Team.objects.filter(municipality__in=municipalities_managed_by(user).values("pk"))


def _catalogue_municipality_ids(user: User):
    """Municipalities whose own catalogue and texts the user reads (beside the shared ones):
    None for all (the operator)."""
    if user.role == Role.ADMIN:
        return None
    if user.role == Role.MUNICIPAL_ADMIN:
        return [user.municipality_id]
    return Team.objects.filter(pk__in=current_team_ids(user)).values("municipality_id")


def _shared_or_local(user: User, model: type[Model]) -> QuerySet:
    rows = model.objects.select_related("municipality")
    if not user.is_authenticated or not user.is_active:
        return rows.none()
    if user.role not in (*MANAGED_ACCOUNT_ROLES, Role.MUNICIPAL_ADMIN, Role.ADMIN):
        return rows.none()
    municipality_ids = _catalogue_municipality_ids(user)
    if municipality_ids is None:
        return rows
    return rows.filter(Q(municipality__isnull=True) | Q(municipality_id__in=municipality_ids))


def provisions_visible_to(user: User) -> QuerySet:
    """The shared (national) catalogue and that of the user's own municipality."""
    return _shared_or_local(user, Provision)


def consent_texts_visible_to(user: User) -> QuerySet:
    """The deployment's consent texts and those of the user's own municipality."""
    return _shared_or_local(user, ConsentText)


def provisions_managed_by(user: User) -> QuerySet:
    """What the user may change: the operator everything, a municipal administrator only its
    own municipality's rows (the shared ones are the operator's)."""
    return _managed(user, Provision)


def consent_texts_managed_by(user: User) -> QuerySet:
    return _managed(user, ConsentText)


def _managed(user: User, model: type[Model]) -> QuerySet:
    rows = model.objects.select_related("municipality")
    if user.is_authenticated and user.is_active and user.role == Role.ADMIN:
        return rows
    return rows.filter(municipality__in=municipalities_managed_by(user).values("pk"))


# --- The local offer ---
# Who keeps a municipality's directory: the municipality itself (its analysts and its
# administrator) and the coordinators of its teams. Peers read it.
OFFER_MUNICIPAL_ROLES = (Role.MUNICIPALITY, Role.MUNICIPAL_ADMIN)


def _offer_municipality_ids(user: User, *, keeping: bool):
    """The municipalities whose offer the user reads (or, keeping, keeps): None for all."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.role == Role.ADMIN:
        return None
    if user.role in OFFER_MUNICIPAL_ROLES:
        return [user.municipality_id] if user.municipality_id else []
    if user.role == Role.COORDINATOR or (user.role == Role.PEER and not keeping):
        return Team.objects.filter(pk__in=current_team_ids(user)).values("municipality_id")
    return []


def offers_visible_to(user: User) -> QuerySet[LocalOffer]:
    """The local offer of the user's own municipality (of their teams, or the one they work
    for); another municipality's entries do not exist for them."""
    ids = _offer_municipality_ids(user, keeping=False)
    offers = LocalOffer.objects.select_related("municipality")
    return offers if ids is None else offers.filter(municipality_id__in=ids)


def offer_municipalities_kept_by(user: User) -> QuerySet[Municipality]:
    """The municipalities the user may add an entry for."""
    ids = _offer_municipality_ids(user, keeping=True)
    return Municipality.objects.all() if ids is None else Municipality.objects.filter(pk__in=ids)
