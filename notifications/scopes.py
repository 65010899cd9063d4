"""Which activities, sessions, participants and text messages a user may see.

Built from the user-scope primitives of outreach/querysets.py (the teams a user belongs to
now), which stays the one place that decides who belongs where. Activities belong to a
team: its peers run them (attendance, participants), its coordinators manage them; the
outbox (who got which message) is for coordinators only."""

from django.db.models import QuerySet

from notifications.models import Activity, MessageTemplate, OutboxMessage, Participant, Session
from outreach.models import Role, User
from outreach.querysets import current_team_ids


def _team_ids_for_activities(user: User) -> QuerySet | str | None:
    """'all' for an admin, the current teams of a peer or coordinator, None for anyone else."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.role == Role.ADMIN:
        return "all"
    if user.role in (Role.PEER, Role.COORDINATOR):
        return current_team_ids(user)
    return None


def activities_visible_to(user: User) -> QuerySet[Activity]:
    team_ids = _team_ids_for_activities(user)
    if team_ids is None:
        return Activity.objects.none()
    return (
        Activity.objects.all()
        if team_ids == "all"
        else Activity.objects.filter(team_id__in=team_ids)
    )


def templates_visible_to(user: User) -> QuerySet[MessageTemplate]:
    """The wording of the user's teams, whether or not a team runs an activity yet: its
    score requests to households use the wording too."""
    team_ids = _team_ids_for_activities(user)
    if team_ids is None:
        return MessageTemplate.objects.none()
    templates = MessageTemplate.objects.all()
    return templates if team_ids == "all" else templates.filter(team_id__in=team_ids)


def sessions_visible_to(user: User) -> QuerySet[Session]:
    return Session.objects.filter(activity__in=activities_visible_to(user).values("pk"))


def participants_visible_to(user: User) -> QuerySet[Participant]:
    team_ids = _team_ids_for_activities(user)
    if team_ids is None:
        return Participant.objects.none()
    return (
        Participant.objects.all()
        if team_ids == "all"
        else Participant.objects.filter(team_id__in=team_ids)
    )


def outbox_visible_to(user: User) -> QuerySet[OutboxMessage]:
    if not user.is_authenticated or not user.is_active:
        return OutboxMessage.objects.none()
    if user.role == Role.ADMIN:
        return OutboxMessage.objects.all()
    if user.role == Role.COORDINATOR:
        return OutboxMessage.objects.filter(team_id__in=current_team_ids(user))
    return OutboxMessage.objects.none()
