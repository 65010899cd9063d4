"""Realistic synthetic data at three sizes, for benchmarks and load tests (bench/).

Not demo data: nobody logs in as these people, and the generator writes with bulk paths
(COPY on PostgreSQL, bulk_create elsewhere) instead of the services, because the national
size (100k households, 1M visits) must load in minutes. The shapes are believable:

- municipalities and their CBS districts differ a lot in size (log-normal weights);
- caseloads are skewed: a few peers carry many households (Zipf-like weights);
- visits follow the seasons (quiet in July, August and late December);
- most households have a wish or two, a few provision checks, and follow-ups;
- group activities differ in size and regularity: most meet weekly, some fortnightly; a core
  of regulars comes nearly every time, others now and then.

No history rows are written for generated records: the history tables of a real deployment
grow with edits, not with volume, and benchmarks that need them make their own.
Deterministic for a given seed. Everything generated carries the GM9xxx municipality codes
(not real CBS codes), so it never mixes with real or demo data and can be removed whole.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from notifications import models as notification_models
from outreach import models
from outreach.bulk import copy_rows
from outreach.workflow import ClosingReason, FollowUpStatus, HouseholdStatus, WishStatus

GENERATED_PREFIX = "GM9"  # municipality codes GM9000..GM9999 are not used by CBS


@dataclass(frozen=True)
class Size:
    municipalities: int
    households: int
    visits: int
    records: int  # wishes + provision checks + follow-ups together
    sessions: int  # meetings of group activities, spread over the teams


SIZES = {
    "small": Size(municipalities=1, households=160, visits=1_000, records=1_500, sessions=500),
    "municipal": Size(
        municipalities=1, households=10_000, visits=100_000, records=300_000, sessions=5_000
    ),
    "national": Size(
        municipalities=60,
        households=100_000,
        visits=1_000_000,
        records=3_000_000,
        sessions=50_000,
    ),
}

# Visits per month, relative: quiet in summer and around the holidays.
SEASON = [1.0, 1.1, 1.1, 1.0, 1.0, 0.9, 0.5, 0.45, 1.0, 1.1, 1.1, 0.7]
HOUSEHOLDS_PER_PEER = 12
MONTHS_OF_HISTORY = 24
BATCH = 20_000


@dataclass
class GeneratedCounts:
    municipalities: int = 0
    teams: int = 0
    peers: int = 0
    households: int = 0
    visits: int = 0
    wishes: int = 0
    provision_checks: int = 0
    follow_ups: int = 0
    activities: int = 0
    sessions: int = 0
    participants: int = 0
    attendances: int = 0


def generate(size_name: str, *, seed: int = 1674, today: date | None = None) -> GeneratedCounts:
    """Generate one size of data. Refuses to run twice on the same database."""
    size = SIZES[size_name]
    if models.Municipality.objects.filter(code__startswith=GENERATED_PREFIX).exists():
        raise ValueError(
            "Generated data is already present; "
            "remove it first with `manage.py generate_data --remove`."
        )
    rng = random.Random(seed)
    today = today or timezone.localdate()
    counts = GeneratedCounts()
    with transaction.atomic():
        teams, peers_by_team = _organisation(size, rng, counts)
        households = _households(size, rng, teams, today, counts)
        _assignments_and_consents(households, peers_by_team, rng)
        _visits(size, rng, households, peers_by_team, today, counts)
        _records(size, rng, households, peers_by_team, today, counts)
        _activities(size, rng, households, peers_by_team, today, counts)
    if connection.vendor == "postgresql":
        # Fresh statistics: without them the planner takes the new million-row tables for
        # empty and joins them by scanning (a visit's peers cost 8 ms instead of 0.1 ms).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


def remove_generated() -> int:
    """Delete everything the generator made (households cascade to their records)."""
    municipalities = models.Municipality.objects.filter(code__startswith=GENERATED_PREFIX)
    households = models.Household.objects.filter(team__municipality__in=municipalities)
    count = households.count()
    with transaction.atomic():
        teams = models.Team.objects.filter(municipality__in=municipalities)
        # Activities and participants protect their team; sessions, enrolments and
        # attendance cascade from them.
        notification_models.Activity.objects.filter(team__in=teams).delete()
        notification_models.Participant.objects.filter(team__in=teams).delete()
        households.delete()
        models.User.objects.filter(username__startswith="gen-").delete()
        models.Team.objects.filter(municipality__in=municipalities).delete()
        municipalities.delete()
    return count


def _lognormal_weights(count: int, rng: random.Random, sigma: float = 1.0) -> list[float]:
    return [rng.lognormvariate(0, sigma) for _ in range(count)]


def _organisation(size: Size, rng: random.Random, counts: GeneratedCounts):
    municipality_weights = _lognormal_weights(size.municipalities, rng, sigma=1.1)
    total_weight = sum(municipality_weights)
    teams, peers_by_team = [], {}
    users = []
    for index, weight in enumerate(municipality_weights):
        municipality = models.Municipality.objects.create(
            code=f"GM9{index:03d}", name=f"Testgemeente {index + 1}"
        )
        households_here = max(20, round(size.households * weight / total_weight))
        team_count = max(1, round(households_here / (HOUSEHOLDS_PER_PEER * 12)))
        for team_index in range(team_count):
            team = models.Team.objects.create(
                municipality=municipality, name=f"Team {team_index + 1}"
            )
            team.generated_share = households_here / team_count  # only used below
            team.generated_districts = [
                f"{municipality.code[2:]}{district:02d}" for district in range(1, rng.randint(3, 9))
            ]
            teams.append(team)
            peer_count = max(2, round(team.generated_share / HOUSEHOLDS_PER_PEER))
            peers_by_team[team.pk] = []
            for peer_index in range(peer_count):
                user = models.User(
                    username=f"gen-{team.pk}-{peer_index}",
                    role=models.Role.PEER,
                    first_name="Peer",
                    last_name=str(peer_index + 1),
                )
                user.set_unusable_password()
                users.append((team, user))
            counts.teams += 1
        counts.municipalities += 1
    models.User.objects.bulk_create([user for _, user in users], batch_size=BATCH)
    models.TeamMembership.objects.bulk_create(
        [
            models.TeamMembership(
                team=team,
                user=user,
                started_on=date(2023, 1, 1),
                privacy_instruction_on=date(2023, 1, 1),
            )
            for team, user in users
        ],
        batch_size=BATCH,
    )
    for team, user in users:
        peers_by_team[team.pk].append(user.pk)
    counts.peers = len(users)
    return teams, peers_by_team


def _households(size, rng, teams, today, counts):
    team_weights = [team.generated_share for team in teams]
    start = today - timedelta(days=MONTHS_OF_HISTORY * 30)
    households = []
    chosen_teams = rng.choices(teams, weights=team_weights, k=size.households)
    for number, team in enumerate(chosen_teams, start=1):
        district = rng.choices(
            team.generated_districts,
            weights=[1 / (i + 1) for i in range(len(team.generated_districts))],
        )[0]
        registered = _moment(start + timedelta(days=rng.randrange((today - start).days)), rng)
        closed = rng.random() < 0.35 and (today - registered.date()).days > 90
        households.append(
            models.Household(
                reference=f"G-{number:07d}",
                team=team,
                contact_name=f"Huishouden {number}",
                postcode=f"{4000 + number % 5000:04d}",
                neighbourhood_code=f"BU{district}{rng.randint(1, 9):02d}",
                neighbourhood_year=2025,
                adults=rng.choice([1, 1, 1, 2, 2]),
                children_4_11=rng.choice([0, 0, 1, 2]),
                main_income_source=rng.choices(
                    [
                        models.IncomeSource.ASSISTANCE,
                        models.IncomeSource.PENSION,
                        models.IncomeSource.WORK,
                    ],
                    weights=[6, 2, 2],
                )[0],
                referral_source=rng.choice(list(models.ReferralSource)),
                known_to_municipality=rng.choices(
                    list(models.KnownToMunicipality), weights=[5, 3, 2]
                )[0],
                no_paid_work=rng.random() < 0.7,
                status=HouseholdStatus.CLOSED if closed else HouseholdStatus.ACTIVE,
                closing_reason=ClosingReason.GOALS_REACHED if closed else "",
                satisfaction=rng.randint(5, 10) if closed and rng.random() < 0.8 else None,
                became_more_active=(rng.random() < 0.6) if closed else None,
                closed_at=registered + timedelta(days=rng.randint(60, 400)) if closed else None,
                created_at=registered,
            )
        )
    _bulk_insert(models.Household, households)
    counts.households = len(households)
    return list(
        models.Household.objects.filter(team__in=teams).values_list("pk", "team_id", "created_at")
    )


def _assignments_and_consents(households, peers_by_team, rng):
    assignments, consents = [], []
    texts = {text.scope: text for text in models.ConsentText.objects.all()}
    for household_id, team_id, registered in households:
        peers = peers_by_team[team_id]
        lead = _skewed_choice(peers, rng)
        assignments.append(
            models.Assignment(household_id=household_id, lead_id=lead, started_at=registered)
        )
        for scope in (models.ConsentScope.HOME_VISITS, models.ConsentScope.DATA_STORAGE):
            if scope in texts:
                consents.append(
                    models.Consent(
                        household_id=household_id,
                        scope=scope,
                        text=texts[scope],
                        method=models.ConsentMethod.VERBAL,
                        given_at=registered,
                    )
                )
    _bulk_insert(models.Assignment, assignments)
    _bulk_insert(models.Consent, consents)


def _skewed_choice(items, rng):
    """Skewed caseloads: the first peers of a team carry several times the load of the last."""
    weights = [1 / (rank + 1) ** 0.5 for rank in range(len(items))]
    return rng.choices(items, weights=weights)[0]


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split total over parts with a long tail (some households are visited very often),
    summing exactly to total."""
    weights = [rng.expovariate(1.0) for _ in range(parts)]
    scale = total / sum(weights)
    shares = [int(weight * scale) for weight in weights]
    for index in rng.sample(range(parts), total - sum(shares)):
        shares[index] += 1
    return shares


def _visits(size, rng, households, peers_by_team, today, counts):
    through = models.Visit.peers.through
    kinds = [
        models.VisitKind.HOME_VISIT,
        models.VisitKind.PHONE_CALL,
        models.VisitKind.ACCOMPANIMENT,
        models.VisitKind.FOLLOW_UP,
    ]
    visits, visit_peers = [], []
    next_id = (models.Visit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for (household_id, team_id, registered), count in zip(
        households, _spread(size.visits, len(households), rng), strict=True
    ):
        for _ in range(count):
            moment = _seasonal_moment(registered.date(), today, rng)
            visits.append(
                models.Visit(
                    pk=next_id,
                    household_id=household_id,
                    client_uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                    started_at=moment,
                    created_at=moment,
                    kind=rng.choices(kinds, weights=[7, 2, 1, 0.5])[0],
                    duration_minutes=rng.choice([30, 45, 60, 60, 90]),
                    notes="Bezoek",
                )
            )
            visit_peers.append(
                through(visit_id=next_id, user_id=_skewed_choice(peers_by_team[team_id], rng))
            )
            next_id += 1
            counts.visits += 1
        if len(visits) >= BATCH:
            _bulk_insert(models.Visit, visits)
            _bulk_insert(through, visit_peers)
            visits, visit_peers = [], []
    _bulk_insert(models.Visit, visits)
    _bulk_insert(through, visit_peers)
    _reset_sequence(models.Visit)


def _records(size, rng, households, peers_by_team, today, counts):
    # The shared catalogue: every generated municipality may check it.
    provisions = list(
        models.Provision.objects.filter(municipality__isnull=True).values_list(
            "pk", "typical_annual_value"
        )
    )
    per_household = size.records / len(households)
    wishes, checks, follow_ups = [], [], []
    outcomes = list(models.ProvisionOutcome)
    for household_id, team_id, registered in households:
        budget = max(1, round(rng.gauss(per_household, per_household / 3)))
        peer = _skewed_choice(peers_by_team[team_id], rng)
        for _ in range(budget):
            kind = rng.random()
            day = _seasonal_moment(registered.date(), today, rng).date()
            if kind < 0.35:
                wishes.append(
                    models.ParticipationWish(
                        household_id=household_id,
                        category=rng.choice(list(models.WishCategory)),
                        description="Wens",
                        status=rng.choices(list(WishStatus), weights=[3, 3, 3, 1])[0],
                        articulated_on=day,
                        status_changed_on=day,
                    )
                )
            elif kind < 0.7 and provisions:
                provision_id, value = rng.choice(provisions)
                checks.append(
                    models.ProvisionCheck(
                        household_id=household_id,
                        provision_id=provision_id,
                        outcome=rng.choices(outcomes, weights=[4, 2, 2, 1, 2, 1])[0],
                        estimated_annual_value=value,
                        checked_on=day,
                        outcome_changed_on=day,
                    )
                )
            else:
                due = day + timedelta(days=rng.randint(3, 30))
                follow_ups.append(
                    models.FollowUp(
                        household_id=household_id,
                        description="Opvolgen",
                        due_date=due,
                        responsible_id=peer,
                        status=FollowUpStatus.OPEN if due > today else FollowUpStatus.DONE,
                    )
                )
        if len(wishes) + len(checks) + len(follow_ups) >= BATCH:
            counts.wishes += _bulk_insert(models.ParticipationWish, wishes)
            counts.provision_checks += _bulk_insert(models.ProvisionCheck, checks)
            counts.follow_ups += _bulk_insert(models.FollowUp, follow_ups)
            wishes, checks, follow_ups = [], [], []
    counts.wishes += _bulk_insert(models.ParticipationWish, wishes)
    counts.provision_checks += _bulk_insert(models.ProvisionCheck, checks)
    counts.follow_ups += _bulk_insert(models.FollowUp, follow_ups)


ACTIVITY_NAMES = [
    "Kookgroep",
    "Wandelgroep",
    "Taalcafé",
    "Naaiatelier",
    "Moestuin",
    "Koffieochtend",
]
SESSIONS_PER_ACTIVITY = 50  # about a year of weekly meetings


def _activities(size, rng, households, peers_by_team, today, counts):
    """Group activities with sessions, enrolled participants and their attendance.

    Busier teams run more activities. Each participant has an own chance of coming, so
    some are regulars and some come now and then; about a third of the participants are
    not members of a visited household. None has consent to text messages, so none is ever
    texted, whatever the made-up number.
    """
    households_by_team: dict[int, list[int]] = {}
    for household_id, team_id, _registered in households:
        households_by_team.setdefault(team_id, []).append(household_id)
    team_ids = sorted(households_by_team)
    activity_count = max(1, round(size.sessions / SESSIONS_PER_ACTIVITY))
    weights = [len(households_by_team[team_id]) for team_id in team_ids]
    activity_teams = rng.choices(team_ids, weights=weights, k=activity_count)
    activity_ids = []
    for number, team_id in enumerate(activity_teams, start=1):
        activity = notification_models.Activity.objects.create(
            team_id=team_id,
            name=f"{rng.choice(ACTIVITY_NAMES)} {number}",
            place="Buurthuis",
            organiser_id=rng.choice(peers_by_team[team_id]),
        )
        activity_ids.append((activity.pk, team_id))
        counts.activities += 1
    sessions_per_activity = _spread(size.sessions, activity_count, rng)

    next_participant = (
        notification_models.Participant.objects.order_by("-pk").values_list("pk", flat=True).first()
        or 0
    ) + 1
    next_session = (
        notification_models.Session.objects.order_by("-pk").values_list("pk", flat=True).first()
        or 0
    ) + 1
    participants, enrolments, sessions, attendances = [], [], [], []
    for (activity_id, team_id), session_count in zip(
        activity_ids, sessions_per_activity, strict=True
    ):
        members = []  # (participant id, chance of coming)
        for _ in range(rng.randint(4, 16)):
            household_id = rng.choice(households_by_team[team_id]) if rng.random() < 0.65 else None
            participants.append(
                notification_models.Participant(
                    pk=next_participant,
                    team_id=team_id,
                    name=f"Deelnemer {next_participant}",
                    phone=f"+31600{next_participant % 1_000_000:06d}",
                    household_id=household_id,
                )
            )
            enrolments.append(
                notification_models.Enrolment(
                    activity_id=activity_id,
                    participant_id=next_participant,
                    role=notification_models.EnrolmentRole.PARTICIPANT,
                )
            )
            members.append((next_participant, rng.choice([0.9, 0.8, 0.6, 0.3])))
            next_participant += 1
        weekly = rng.random() < 0.75
        first = today - timedelta(weeks=session_count * (1 if weekly else 2) - 4)
        for index in range(session_count):
            day = first + timedelta(weeks=index * (1 if weekly else 2))
            starts = _moment(day, rng)
            cancelled = rng.random() < 0.03
            sessions.append(
                notification_models.Session(
                    pk=next_session,
                    activity_id=activity_id,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    cancelled=cancelled,
                    attendance_recorded_at=starts if day < today and not cancelled else None,
                )
            )
            if day < today and not cancelled:
                for participant_id, chance in members:
                    if rng.random() < chance:
                        attendances.append(
                            notification_models.Attendance(
                                session_id=next_session, participant_id=participant_id
                            )
                        )
            next_session += 1
        if len(sessions) + len(attendances) >= BATCH:
            _flush_activities(participants, enrolments, sessions, attendances, counts)
            participants, enrolments, sessions, attendances = [], [], [], []
    _flush_activities(participants, enrolments, sessions, attendances, counts)
    _reset_sequence(notification_models.Participant)
    _reset_sequence(notification_models.Session)


def _flush_activities(participants, enrolments, sessions, attendances, counts):
    counts.participants += _bulk_insert(notification_models.Participant, participants)
    _bulk_insert(notification_models.Enrolment, enrolments)
    counts.sessions += _bulk_insert(notification_models.Session, sessions)
    counts.attendances += _bulk_insert(notification_models.Attendance, attendances)


def _moment(day: date, rng: random.Random) -> datetime:
    naive = datetime.combine(day, datetime.min.time()) + timedelta(minutes=rng.randint(540, 1140))
    return timezone.make_aware(naive)


def _seasonal_moment(start: date, end: date, rng: random.Random) -> datetime:
    """A moment between start and end, drawn more often in busy months."""
    span = max(1, (end - start).days)
    while True:
        day = start + timedelta(days=rng.randrange(span))
        if rng.random() < SEASON[day.month - 1] / max(SEASON):
            return _moment(day, rng)


def _bulk_insert(model, rows) -> int:
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=2_000)
        return len(rows)
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and getattr(rows[0], field.attname) is None)
    ]
    return copy_rows(
        model,
        [field.name for field in fields],
        ([_db_value(field, row, connection) for field in fields] for row in rows),
    )


def _db_value(field, row, conn):
    value = field.pre_save(row, add=True) if not field.primary_key else getattr(row, field.attname)
    return field.get_db_prep_save(value, conn)


def _reset_sequence(model) -> None:
    """COPY with explicit ids leaves the id sequence behind; move it past the new rows."""
    for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
        with connection.cursor() as cursor:
            cursor.execute(statement)


def describe(counts: GeneratedCounts) -> str:
    return ", ".join(f"{name} {value:,}" for name, value in vars(counts).items())
