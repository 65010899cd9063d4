"""Demo data of the coordinator workspace: an intake queue with believable waiting times,
a declined peer, a follow-up overdue long enough to be escalated, signals (some forwarded),
volunteer hours and allowances this year, and a conflicting offline edit. Made through the
services, only once (safe to run again)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from demo.team_care import seed_birth_dates, seed_team_care_demo
from outreach.models import (
    AllowanceLimit,
    Assignment,
    EditConflict,
    FollowUp,
    Household,
    PeerDecline,
    Signal,
    SignalTheme,
    Team,
    User,
    VolunteerMonth,
)
from outreach.selectors.coordinator import intake_queue
from outreach.services.declines import peer_decline_record
from outreach.services.follow_ups import follow_up_create
from outreach.services.signals import signal_forward, signal_record
from outreach.services.team_care import volunteer_month_record
from outreach.workflow import FollowUpStatus

SIGNALS = {
    "Noord": [
        ("Schulden", "BU16740101", "Veel gezinnen krijgen een naheffing van de energierekening.", 7,
         True),
        ("Eenzaamheid", "BU16740102", "Ouderen in de flats komen sinds de sluiting van het "
         "buurthuis de deur niet meer uit.", 5, True),
        ("Eenzaamheid", "BU16740101", "Sinds de bus niet meer door de wijk rijdt, komen "
         "ouderen niet meer bij de weekmarkt.", 6, True),
        ("Digitale uitsluiting", "BU16740201", "Aanvragen kunnen alleen nog online; wie geen "
         "computer heeft loopt vast.", 9, False),
        ("Toegang tot een voorziening", "BU16740101", "Het formulier voor de meedoenregeling is "
         "te ingewikkeld.", 4, False),
    ],
    "Zuid": [
        ("Kwaliteit van de woning", "BU16740301", "Schimmel in de huurwoningen aan de zuidkant.",
         6, True),
        ("Schulden", "BU16740401", "Gezinnen lenen bij buren voor schoolkosten.", 3, False),
    ],
}  # fmt: skip

# Days waiting in the intake queue, longest first: a few days to a few weeks, as in practice.
# The households' own registration dates are spread over the demo's whole history, which
# would show waits of hundreds of days.
INTAKE_WAITING_DAYS = (24, 17, 11, 8, 5, 3, 2, 1)
# Older than this, a waiting household is re-dated; newer ones (the first run's, or one a
# user registered in the demo) are left alone, so running the seed again changes nothing.
INTAKE_LONGEST_WAIT = 42


def seed_coordinator_demo(teams: dict[str, Team], users: dict[str, User], today: date) -> None:
    coordinators = {"Noord": users["coord-noord"], "Zuid": users["coord-zuid"]}
    for coordinator in coordinators.values():
        _intake_waiting_times(coordinator, today)
    _decline(users)
    _escalated_follow_up(teams["Noord"], today)
    for team_name, rows in SIGNALS.items():
        team = teams[team_name]
        if Signal.objects.filter(team=team).exists():
            continue
        for theme, code, description, households, forwarded in rows:
            signal = signal_record(
                team=team,
                theme=SignalTheme.objects.get(name=theme, municipality=None),
                neighbourhood_code=code,
                description=description,
                households_concerned=households,
                recorded_by=coordinators[team_name],
            )
            if forwarded:
                signal_forward(
                    signal=signal,
                    forwarded_by=coordinators[team_name],
                    confirmed_no_personal_data=True,
                )
    seed_birth_dates(users, today)
    # Allowances are checked against the year's legal maximum; in a year whose maximum no
    # administrator has added yet (its first weeks, as a rule) the demo records none.
    if (
        AllowanceLimit.objects.filter(year=today.year).exists()
        and not VolunteerMonth.objects.filter(team__in=teams.values()).exists()
    ):
        _volunteer_months(teams, users, today)
    seed_team_care_demo(teams, users, today)
    _conflict(teams["Noord"], users["peer-noord-2"])


def _intake_waiting_times(coordinator: User, today: date) -> None:
    cutoff = timezone.make_aware(
        datetime.combine(today - timedelta(days=INTAKE_LONGEST_WAIT), time(0))
    )
    waiting = list(intake_queue(user=coordinator).filter(created_at__lt=cutoff))
    for household, days in zip(waiting, INTAKE_WAITING_DAYS, strict=False):
        registered_at = timezone.make_aware(
            datetime.combine(today - timedelta(days=days), time(10 + days % 7, 30))
        )
        Household.objects.filter(pk=household.pk).update(created_at=registered_at)
        household.history.filter(id=household.pk).update(history_date=registered_at)


def _escalated_follow_up(team: Team, today: date) -> None:
    """One follow-up overdue by more than COORDINATOR_ESCALATION_DAYS, so the overdue board
    shows an escalation (the case work leaves none: it marks old follow-ups done)."""
    overdue_by = settings.COORDINATOR_ESCALATION_DAYS + 7
    escalated = FollowUp.objects.filter(
        household__team=team,
        status=FollowUpStatus.OPEN,
        due_date__lt=today - timedelta(days=settings.COORDINATOR_ESCALATION_DAYS),
    )
    if escalated.exists():
        return
    assignment = (
        Assignment.objects.current()
        .filter(household__team=team, household__status="active")
        .select_related("household", "lead")
        .order_by("household_id")
        .first()
    )
    if assignment is None:
        return
    household, lead = assignment.household, assignment.lead
    follow_up = follow_up_create(
        household=household,
        created_by=lead,
        data={
            "description": "Samen met de woningcorporatie de schimmel in de badkamer bekijken.",
            "due_date": today,
        },
    )
    due = today - timedelta(days=overdue_by)
    FollowUp.objects.filter(pk=follow_up.pk).update(
        created_at=timezone.make_aware(datetime.combine(due - timedelta(days=10), time(11))),
        due_date=due,
    )


def _decline(users: dict[str, User]) -> None:
    coordinator = users["coord-noord"]
    if PeerDecline.objects.filter(peer=users["peer-noord-2"]).exists():
        return
    waiting = intake_queue(user=coordinator).first()
    if waiting is not None:
        peer_decline_record(
            household=waiting,
            peer=users["peer-noord-2"],
            reason="buurvrouw",
            recorded_by=coordinator,
        )


def _volunteer_months(teams, users, today: date) -> None:
    plan = {
        "peer-noord-1": ("Noord", Decimal("24"), Decimal("120"), Decimal("0")),
        # Close to the monthly maximum, counting another organisation's allowance.
        "peer-noord-2": ("Noord", Decimal("36"), Decimal("165"), Decimal("25")),
        "peer-zuid-1": ("Zuid", Decimal("20"), Decimal("100"), Decimal("0")),
        # Under 21: at most the lower hourly maximum (16 hours x €3.30).
        "peer-zuid-2": ("Zuid", Decimal("16"), Decimal("52.80"), Decimal("0")),
    }
    for username, (team_name, hours, allowance, other) in plan.items():
        for month in range(1, today.month):
            volunteer_month_record(
                team=teams[team_name],
                user=users[username],
                month=date(today.year, month, 1),
                hours=hours,
                allowance=allowance,
                other_allowance=other,
                recorded_by=users[f"coord-{team_name.lower()}"],
            )


def _conflict(team: Team, peer: User) -> None:
    if EditConflict.objects.filter(household__team=team).exists():
        return
    household = Household.objects.filter(team=team, status="active").order_by("pk").first()
    if household is None:
        return
    EditConflict.objects.create(
        household=household,
        record_type="household",
        record_id=household.pk,
        base_version=max(household.version - 1, 1),
        current_version=household.version,
        submitted={"adults": household.adults + 1},
        current={"adults": household.adults},
        submitted_by=peer,
    )
