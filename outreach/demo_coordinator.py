"""Demo data of the coordinator workspace: a declined peer, signals (some forwarded),
volunteer hours and allowances this year, and a conflicting offline edit. Made through the
services, only once (safe to run again)."""

from datetime import date
from decimal import Decimal

from outreach.models import (
    EditConflict,
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
from outreach.services.signals import signal_forward, signal_record
from outreach.services.team_care import volunteer_month_record

SIGNALS = {
    "Noord": [
        ("Schulden", "BU16740101", "Veel gezinnen krijgen een naheffing van de energierekening.", 7,
         True),
        ("Eenzaamheid", "BU16740102", "Ouderen in de flats komen sinds de sluiting van het "
         "buurthuis de deur niet meer uit.", 5, True),
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


def seed_coordinator_demo(teams: dict[str, Team], users: dict[str, User], today: date) -> None:
    coordinators = {"Noord": users["coord-noord"], "Zuid": users["coord-zuid"]}
    _decline(users)
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
                signal_forward(signal=signal, forwarded_by=coordinators[team_name])
    if not VolunteerMonth.objects.filter(team__in=teams.values()).exists():
        _volunteer_months(teams, users, today)
    _conflict(teams["Noord"], users["peer-noord-2"])


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
        "peer-zuid-2": ("Zuid", Decimal("16"), Decimal("80"), Decimal("0")),
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
