"""The one place that decides which case records a user may see.

Every list and detail view, page and API alike, starts from these querysets, so a record
outside a user's scope simply does not exist for them (404, never 403).
- peer: households currently assigned to them (lead or buddy) in a team they belong to now;
- coordinator: the households of the teams they currently belong to,
  and a case of another team for the hours after they broke the glass;
- admin: everything;
- municipality (and anyone else): no case record at all.
"""

from django.db.models import Model, Q, QuerySet

from outreach.models import (
    Assignment,
    Consent,
    EditConflict,
    FollowUp,
    Household,
    HouseholdMember,
    ParticipationWish,
    ProvisionCheck,
    Role,
    Team,
    TeamMembership,
    User,
    Visit,
)

HOUSEHOLD_RECORDS: tuple[type[Model], ...] = (
    Assignment,
    Consent,
    EditConflict,
    FollowUp,
    HouseholdMember,
    ParticipationWish,
    ProvisionCheck,
    Visit,
)


def current_team_ids(user: User) -> QuerySet:
    return TeamMembership.objects.current().filter(user=user).values("team_id")


def households_visible_to(user: User) -> QuerySet[Household]:
    # An anonymised case is only a row of coarse figures: nobody opens it any more.
    households = Household.objects.filter(anonymised_at__isnull=True)
    if not user.is_authenticated or not user.is_active:
        return households.none()
    if user.role == Role.ADMIN:
        return households
    if user.role == Role.COORDINATOR:
        return households.filter(
            Q(team_id__in=current_team_ids(user)) | Q(pk__in=break_glass_household_ids(user))
        )
    if user.role == Role.PEER:
        assigned = Assignment.objects.current().filter(
            lead=user
        ) | Assignment.objects.current().filter(buddy=user)
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
    if user.role == Role.MUNICIPALITY:
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
    return users.filter(pk=user.pk)


def colleagues_past_and_present(user: User) -> QuerySet[User]:
    """users_visible_to, and for a coordinator also those who have left their teams: whose
    hours of an earlier month are recorded, whose cases are handed over, whom a household
    that they visited before declines."""
    if user.is_authenticated and user.role == Role.COORDINATOR:
        members = TeamMembership.objects.filter(team_id__in=current_team_ids(user))
        return users_visible_to(user) | User.objects.filter(pk__in=members.values("user_id"))
    return users_visible_to(user)


# --- Coordinator workspace ---

from outreach.models import (  # noqa: E402
    FirstContact,
    PeerDecline,
    Signal,
    SignalTheme,
    VolunteerMonth,
)


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


# --- Activities and SMS ---
# Activities belong to a team: its peers run them (attendance, participants), its
# coordinators manage them; the outbox (who got which message) is for coordinators only.
def _team_ids_for_activities(user: User):
    if not user.is_authenticated or not user.is_active:
        return None
    if user.role == Role.ADMIN:
        return "all"
    if user.role in (Role.PEER, Role.COORDINATOR):
        return current_team_ids(user)
    return None


def activities_visible_to(user: User) -> QuerySet:
    from notifications.models import Activity

    team_ids = _team_ids_for_activities(user)
    if team_ids is None:
        return Activity.objects.none()
    return (
        Activity.objects.all()
        if team_ids == "all"
        else Activity.objects.filter(team_id__in=team_ids)
    )


def sessions_visible_to(user: User) -> QuerySet:
    from notifications.models import Session

    return Session.objects.filter(activity__in=activities_visible_to(user).values("pk"))


def participants_visible_to(user: User) -> QuerySet:
    from notifications.models import Participant

    team_ids = _team_ids_for_activities(user)
    if team_ids is None:
        return Participant.objects.none()
    return (
        Participant.objects.all()
        if team_ids == "all"
        else Participant.objects.filter(team_id__in=team_ids)
    )


def outbox_visible_to(user: User) -> QuerySet:
    from notifications.models import OutboxMessage

    if not user.is_authenticated or not user.is_active:
        return OutboxMessage.objects.none()
    if user.role == Role.ADMIN:
        return OutboxMessage.objects.all()
    if user.role == Role.COORDINATOR:
        return OutboxMessage.objects.filter(team_id__in=current_team_ids(user))
    return OutboxMessage.objects.none()


# --- Audit ---
def break_glass_household_ids(user: User) -> QuerySet:
    """Cases of other teams that this coordinator opened by breaking the glass, while the
    grant lasts."""
    from audit.models import BreakGlassGrant

    return BreakGlassGrant.objects.active().filter(user=user).values("household_id")


def access_log_visible_to(user: User) -> QuerySet:
    """Admins read the whole access log; coordinators that of their teams' cases; nobody
    else any of it."""
    from audit.models import AccessLog

    entries = AccessLog.objects.all()
    if not user.is_authenticated or not user.is_active:
        return entries.none()
    if user.role == Role.ADMIN:
        return entries
    if user.role == Role.COORDINATOR:
        return entries.filter(household__team_id__in=current_team_ids(user))
    return entries.none()


def break_glass_grants_visible_to(user: User) -> QuerySet:
    """Admins see every grant; a coordinator their own."""
    from audit.models import BreakGlassGrant

    grants = BreakGlassGrant.objects.all()
    if not user.is_authenticated or not user.is_active:
        return grants.none()
    if user.role == Role.ADMIN:
        return grants
    if user.role == Role.COORDINATOR:
        return grants.filter(user=user)
    return grants.none()
