"""Demo data of team care, made through the services: dates of birth (one member under 21),
trainings and meetings with attendance (one coming up), and expenses with a small receipt,
some approved for payment."""

import struct
import zlib
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from outreach.models import Expense, Team, TeamMeeting, User
from outreach.services.team_care import (
    expense_approve,
    expense_submit,
    meeting_record,
    member_birth_date_set,
)

# year of birth relative to the demo's year (negative: years back), month, day
BIRTH_DATES = {
    "peer-noord-1": (-47, 4, 12),
    "peer-noord-2": (-38, 9, 3),
    "peer-zuid-1": (-61, 1, 23),
    "peer-zuid-2": (-19, 5, 1),  # under 21: the lower hourly maximum applies
}
MEETINGS = [
    # days from today, kind, hours, topic, who of the team's peers attended (by number)
    (-75, "training", Decimal("3"), "Gesprekstechniek: vragen wat iemand bedoelt", (1, 2)),
    (-40, "intervision", Decimal("2"), "Intervisie: grenzen stellen", (1,)),
    (-21, "case_discussion", Decimal("1.5"), "Casusbespreking (zonder namen)", (2,)),
    (-7, "team_meeting", Decimal("1"), "Teamoverleg: planning van de maand", (1, 2)),
    (9, "training", Decimal("2.5"), "Training: toeslagen en regelingen 2027", ()),
]


def demo_receipt(name: str) -> SimpleUploadedFile:
    """A tiny grey image standing in for the photo of a receipt."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xc8" * 8 for _ in range(8)))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
    png += chunk(b"IEND", b"")
    return SimpleUploadedFile(name, png, content_type="image/png")


def seed_birth_dates(users: dict[str, User], today: date) -> None:
    for username, (years_back, month, day) in BIRTH_DATES.items():
        if users[username].born_on is None:
            member_birth_date_set(
                member=users[username],
                born_on=date(today.year + years_back, month, day),
                set_by=users[f"coord-{username.split('-')[1]}"],
            )


def seed_team_care_demo(teams: dict[str, Team], users: dict[str, User], today: date) -> None:
    for team_name, team in teams.items():
        coordinator = users[f"coord-{team_name.lower()}"]
        peers = {n: users[f"peer-{team_name.lower()}-{n}"] for n in (1, 2)}
        if not TeamMeeting.objects.filter(team=team).exists():
            for days, kind, hours, topic, present in MEETINGS:
                meeting_record(
                    team=team, kind=kind, held_on=today + timedelta(days=days), hours=hours,
                    topic=topic, attended=[peers[n] for n in present], recorded_by=coordinator,
                )  # fmt: skip
        if Expense.objects.filter(team=team).exists():
            continue
        rows = [
            (peers[1], -30, "bus_fare", "3.40", "Bus naar huisbezoek", True),
            (peers[1], -12, "phone_credit", "10.00", "Beltegoed voor afspraken", True),
            (peers[2], -3, "bus_fare", "6.80", "Bus heen en terug", False),
        ]
        for peer, days, kind, amount, description, approve in rows:
            expense = expense_submit(
                user=peer, team=team, spent_on=today + timedelta(days=days), kind=kind,
                amount=Decimal(amount), description=description,
                receipt=demo_receipt("bonnetje.png"), recorded_by=peer,
            )  # fmt: skip
            if approve:
                expense_approve(expense=expense, approved_by=coordinator)
