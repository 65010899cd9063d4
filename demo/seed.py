"""Demo data: Roosendaal with teams Noord and Zuid, 160 households over 18 months.

Everything goes through the services, as real use would; timestamps are then moved into
the past, which no service allows on purpose. Deterministic (fixed random seed), and safe
to run again: accounts are updated, households are only made once."""

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from demo.applications import seed_applications_demo
from demo.appreciation import seed_appreciation_demo
from demo.candidates import seed_candidates_demo
from demo.coordinator import seed_coordinator_demo
from demo.offer import seed_offer_demo
from demo.phone import seed_phone_demo
from demo.referrals import seed_referrals_demo
from demo.signals import seed_signal_answers
from demo.sms import seed_sms_demo
from outreach.models import (
    Assignment,
    Barrier,
    Consent,
    ConsentMethod,
    ConsentScope,
    ContactOutcome,
    FollowUp,
    Household,
    IncomeSource,
    KnownToMunicipality,
    LadderStep,
    Municipality,
    ParticipationPlan,
    ParticipationWish,
    Provision,
    ProvisionCheck,
    ProvisionOutcome,
    ReferralSource,
    Role,
    ScoreSource,
    Team,
    TeamMembership,
    User,
    Visit,
    VisitKind,
    WishCategory,
)
from outreach.selectors.catalogue import current_consent_texts
from outreach.services.areas import area_names_load, postcode_areas_load
from outreach.services.assignments import case_assign
from outreach.services.consent import ConsentGiven, consent_withdraw
from outreach.services.first_contacts import first_contact_note
from outreach.services.follow_ups import follow_up_create
from outreach.services.households import household_close, household_register, member_add
from outreach.services.plans import own_score_record, plan_agree, plan_review
from outreach.services.provision_checks import provision_check_create
from outreach.services.visits import visit_log
from outreach.services.wishes import wish_create
from outreach.workflow import (
    CLOSINGS_THAT_INVITE_A_SCORE,
    ClosingReason,
    FollowUpStatus,
    HouseholdStatus,
    WishStatus,
)
from reach.services import reach_refresh

MUNICIPALITY = ("GM1674", "Roosendaal")
# How Roosendaal's text messages sign off, and its (made-up) number for questions.
MUNICIPALITY_SMS = {"sms_sender_name": "STA-team Roosendaal", "sms_help_contact": "0165 579 111"}
# Over two years, so that the municipality's dashboard always has a whole year before this
# one to compare with, at the density of about nine new households a month.
HOUSEHOLD_COUNT = 230
MONTHS_OF_HISTORY = 26

# Neighbourhoods (CBS 2025 style codes) per team, with a weight for how many households
# live there. BU16740901 stays tiny on purpose: its figures must show as suppressed.
NEIGHBOURHOODS = {
    "Noord": [("BU16740101", 6, "4701"), ("BU16740102", 5, "4702"), ("BU16740201", 5, "4703")],
    "Zuid": [("BU16740301", 6, "4704"), ("BU16740302", 4, "4705"), ("BU16740401", 5, "4706")],
}
TINY_NEIGHBOURHOOD = ("BU16740901", "4709")
# Names for the codes above, as CBS would publish them for 2025 (the codes are made up for
# the demo; the names are places in and around Roosendaal).
AREA_NAMES_YEAR = 2025
AREA_NAMES = [
    ("GM1674", "Roosendaal"),
    ("WK167401", "Centrum"),
    ("WK167402", "Kalsdonk en Langdonk"),
    ("WK167403", "Kroeven"),
    ("WK167404", "Tolberg en Kortendijk"),
    ("WK167409", "Buitengebied"),
    ("BU16740101", "Centrum-Noord"),
    ("BU16740102", "Stationsbuurt"),
    ("BU16740201", "Kalsdonk"),
    ("BU16740301", "Kroeven"),
    ("BU16740302", "De Stok"),
    ("BU16740401", "Tolberg"),
    ("BU16740901", "Heerle"),
]
STREETS = [
    "Kade",
    "Markt",
    "Laan van Brabant",
    "Molenstraat",
    "Tolbergstraat",
    "Burgerhoutsestraat",
]
POSTCODE_LETTERS = ["AB", "BK", "CD", "GH", "KL", "MN"]
# First contacts per team before any registration: (outcome, how many). "Interested" ones
# mostly became the registered households; the others name nobody and stay only a count.
FIRST_CONTACTS = [
    (ContactOutcome.INTERESTED, 12),
    (ContactOutcome.NOT_NOW, 9),
    (ContactOutcome.NO, 6),
]
FIRST_NAMES = [
    "Anja", "Mohamed", "Fatima", "Kees", "Sandra", "Ricardo", "Ingrid", "Yusuf", "Priya", "Joke",
    "Marco", "Samira", "Henk", "Linda", "Dewi", "Tomasz", "Agnieszka", "Ahmet", "Esther", "Bram",
]  # fmt: skip
LAST_NAMES = [
    "de Vries", "Jansen", "El Amrani", "Bakker", "Yilmaz", "Visser", "Smit", "Kowalski", "Mulder",
    "de Boer", "Hendriks", "Dekker", "van Dijk", "Peeters", "Bos", "Vermeulen", "Soares", "Claes",
]  # fmt: skip
# What households said they want, in their own words, when a plan was made with them.
PLAN_GOALS = [
    "Ik wil weer onder de mensen komen.",
    "De kinderen op een sport, en ik zelf een keer per week naar buiten.",
    "Beter Nederlands leren zodat ik zelf kan bellen met instanties.",
    "Vrijwilligerswerk doen, later misschien een baan.",
    "Rust in mijn hoofd: minder post waar ik van schrik, en een hobby.",
]
WISHES = [
    (WishCategory.SPORT, "De kinderen willen op voetbal", [Barrier.COST]),
    (WishCategory.COURSE, "Cursus Nederlands in het buurthuis", [Barrier.CHILDCARE]),
    (WishCategory.OWN_TIME, "Een middag per week tijd voor mezelf", [Barrier.CHILDCARE]),
    (WishCategory.SOCIAL_CONTACT, "Meedoen met de kookgroep", [Barrier.CONFIDENCE]),
    (WishCategory.VOLUNTEERING, "Vrijwilligerswerk bij de kringloop", [Barrier.INFORMATION]),
    (WishCategory.CULTURE, "Dochter wil op muziekles", [Barrier.COST, Barrier.TRANSPORT]),
    (WishCategory.COURSE, "Computercursus in de bibliotheek", [Barrier.INFORMATION]),
]
FOLLOW_UPS = [
    "Samen de aanvraag invullen",
    "Bellen met het Jeugdfonds",
    "Navragen bij de gemeente hoe het staat",
    "Meegaan naar het buurthuis",
    "Formulier kwijtschelding ophalen",
]

ACCOUNTS = [
    ("peer-noord-1", Role.PEER, "Noord", "Marja", "Peters"),
    ("peer-noord-2", Role.PEER, "Noord", "Ahmed", "Bouzid"),
    ("peer-zuid-1", Role.PEER, "Zuid", "Ria", "van Gils"),
    ("peer-zuid-2", Role.PEER, "Zuid", "Kevin", "Maas"),
    ("coord-noord", Role.COORDINATOR, "Noord", "Hanneke", "Verbeek"),
    ("coord-zuid", Role.COORDINATOR, "Zuid", "Stefan", "Oomen"),
    ("gemeente", Role.MUNICIPALITY, None, "Beleid", "Gemeente"),
    ("beheer-roosendaal", Role.MUNICIPAL_ADMIN, None, "Beheer", "Roosendaal"),
    ("admin", Role.ADMIN, None, "Beheer", "Outreach"),
]


@dataclass
class DemoResult:
    created_households: int
    accounts: list[str]
    password: str


def seed_demo(*, today: date | None = None) -> DemoResult:
    with transaction.atomic():
        municipality, _ = Municipality.objects.update_or_create(
            code=MUNICIPALITY[0], defaults={"name": MUNICIPALITY[1], **MUNICIPALITY_SMS}
        )
        teams = {
            name: Team.objects.get_or_create(municipality=municipality, name=name)[0]
            for name in ("Noord", "Zuid")
        }
        users = _accounts(municipality, teams)
        area_names_load(year=AREA_NAMES_YEAR, rows=AREA_NAMES)
        postcode_areas_load(
            year=AREA_NAMES_YEAR,
            rows=demo_postcode_areas(),
            municipality_codes={MUNICIPALITY[0]},
        )
        created = 0
        if not Household.objects.filter(team__in=teams.values()).exists():
            created = _households(teams, users, today or timezone.localdate())
            _first_contacts(teams, users, today or timezone.localdate())
            _household_that_said_no(users["peer-zuid-1"])

        seed_coordinator_demo(teams, users, today or timezone.localdate())
        seed_applications_demo(teams["Noord"], users["peer-noord-1"], today or timezone.localdate())
        seed_candidates_demo(teams, users, today or timezone.localdate())
        seed_referrals_demo(teams, today or timezone.localdate())
        seed_appreciation_demo(teams, users)
        seed_signal_answers(teams=teams, answered_by=users["gemeente"])
        seed_sms_demo(team=teams["Noord"], recorded_by=users["coord-noord"])
        seed_offer_demo(municipality, users, today or timezone.localdate())
        seed_phone_demo(users)
        reach_refresh(municipality=municipality, today=today)  # the figures, ready at once

    return DemoResult(created, [a[0] for a in ACCOUNTS], settings.DEMO_PASSWORD)


def _accounts(municipality: Municipality, teams: dict[str, Team]) -> dict[str, User]:
    users = {}
    start = timezone.localdate() - timedelta(days=MONTHS_OF_HISTORY * 31 + 30)
    for username, role, team_name, first, last in ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username)
        user.role, user.first_name, user.last_name = role, first, last
        tied = role in (Role.MUNICIPALITY, Role.MUNICIPAL_ADMIN)
        user.municipality = municipality if tied else None
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        if team_name:
            TeamMembership.objects.get_or_create(
                user=user,
                team=teams[team_name],
                defaults={"started_on": start, "privacy_instruction_on": start},
            )
        users[username] = user
    return users


def _households(teams: dict[str, Team], users: dict[str, User], today: date) -> int:
    rng = random.Random(1674)
    provisions = list(Provision.objects.filter(active=True))
    texts = current_consent_texts(
        scopes=ConsentScope.values, municipality_id=next(iter(teams.values())).municipality_id
    )
    consent_rng = random.Random(1675)
    peers = {
        "Noord": [users["peer-noord-1"], users["peer-noord-2"]],
        "Zuid": [users["peer-zuid-1"], users["peer-zuid-2"]],
    }
    coordinators = {"Noord": users["coord-noord"], "Zuid": users["coord-zuid"]}
    history_days = MONTHS_OF_HISTORY * 30
    for number in range(HOUSEHOLD_COUNT):
        team_name = "Noord" if number % 2 == 0 else "Zuid"
        if number < 3:
            code, pc4 = TINY_NEIGHBOURHOOD
        else:
            options = NEIGHBOURHOODS[team_name]
            code, _weight, pc4 = rng.choices(options, weights=[o[1] for o in options])[0]
        registered_at = _moment(today - timedelta(days=rng.randint(0, history_days)), rng)
        coordinator = coordinators[team_name]
        # Consent first: home visits and keeping data at registration, health questions
        # only where the household also agreed to that (about seven in ten).
        scopes = [ConsentScope.HOME_VISITS, ConsentScope.DATA_STORAGE]
        if consent_rng.random() < 0.7:
            scopes.append(ConsentScope.SPECIAL_CATEGORY)
        if consent_rng.random() < 0.8:
            scopes.append(ConsentScope.SMS)
        health = {}
        if ConsentScope.SPECIAL_CATEGORY in scopes:
            health = {
                "physical_health_problems": consent_rng.random() < 0.55,
                "psychological_problems": consent_rng.random() < 0.38,
            }
        household = household_register(
            team=teams[team_name],
            registered_by=coordinator,
            consents=[
                ConsentGiven(
                    scope=scope,
                    text=texts[scope],
                    method=consent_rng.choice(
                        [ConsentMethod.VERBAL, ConsentMethod.WRITTEN, ConsentMethod.PHONE]
                    ),
                )
                for scope in scopes
            ],
            data={
                "contact_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "phone": f"06{rng.choice('12345')}{rng.randint(1000000, 9999999)}",
                "street": rng.choice(STREETS),
                "house_number": str(rng.randint(1, 220)),
                # The neighbourhood comes from the postcode table (demo_postcode_areas),
                # as it would on the phone when the peer leaves it to the suggestion.
                "postcode": f"{pc4} {rng.choice(POSTCODE_LETTERS)}",
                "city": "Roosendaal",
                "adults": rng.choice([1, 1, 2, 2, 3]),
                "children_0_3": rng.choice([0, 0, 0, 1]),
                "children_4_11": rng.choice([0, 0, 1, 2]),
                "children_12_17": rng.choice([0, 0, 1]),
                "main_income_source": rng.choice(
                    [IncomeSource.ASSISTANCE] * 4
                    + [IncomeSource.WORK, IncomeSource.PENSION, IncomeSource.BENEFIT]
                ),
                "referral_source": rng.choice(list(ReferralSource)),
                "known_to_municipality": rng.choice(list(KnownToMunicipality)),
                "no_paid_work": rng.random() < 0.55,
                **health,
            },
        )
        if household.neighbourhood_code != code:
            raise RuntimeError("The demo's postcode table is out of step with its households.")
        Consent.objects.filter(household=household).update(given_at=registered_at)
        Household.objects.filter(pk=household.pk).update(created_at=registered_at)
        _backdate_history(household, registered_at)
        if number >= HOUSEHOLD_COUNT - 8:
            continue  # the newest few wait in the intake queue
        team_peers = peers[team_name]
        lead = team_peers[0 if rng.random() < 0.55 else 1]
        buddy = next(p for p in team_peers if p != lead) if rng.random() < 0.5 else None
        case_assign(
            household=household, lead=lead, buddy=buddy, reason="Demo", assigned_by=coordinator
        )
        Assignment.objects.filter(household=household).update(started_at=registered_at)
        _case_work(household, lead, buddy, coordinator, registered_at, today, rng, provisions)
    return HOUSEHOLD_COUNT


def demo_postcode_areas() -> list[tuple[str, str, str, str]]:
    """The demo's postcodes in the layout of CBS's pc6hnr file (codes without prefix): one
    row per address, a few addresses per postcode."""
    areas = [(code, pc4) for options in NEIGHBOURHOODS.values() for code, _w, pc4 in options]
    areas.append(TINY_NEIGHBOURHOOD)
    return [
        (f"{pc4}{letters}", code[2:], code[2:8], code[2:6])
        for code, pc4 in areas
        for letters in POSTCODE_LETTERS
        for _address in range(3)
    ]


def _first_contacts(teams: dict[str, Team], users: dict[str, User], today: date) -> None:
    """First contacts noted on the phone before consent: neighbourhood, how the team came
    into contact, and what the household said."""
    rng = random.Random(1676)
    for team_name, team in teams.items():
        peer = users[f"peer-{team_name.lower()}-1"]
        options = NEIGHBOURHOODS[team_name]
        for outcome, count in FIRST_CONTACTS:
            for _ in range(count):
                code = rng.choices(options, weights=[o[1] for o in options])[0][0]
                first_contact_note(
                    team=team,
                    noted_by=peer,
                    outcome=outcome,
                    referral_source=rng.choice(list(ReferralSource)),
                    neighbourhood_code=code,
                    contacted_on=today - timedelta(days=rng.randint(0, 300)),
                )


def _household_that_said_no(peer: User) -> None:
    """One open case of peer-zuid-1 whose household withdrew its home-visit consent: it
    shows as "no contact wanted", its follow-ups are cancelled and nobody reminds anyone."""
    consent = (
        Consent.objects.standing()
        .filter(
            scope=ConsentScope.HOME_VISITS,
            household__status=HouseholdStatus.ACTIVE,
            household__assignments__lead=peer,
            household__assignments__ended_at__isnull=True,
        )
        .order_by("household__reference")
        .first()
    )
    if consent is not None:
        consent_withdraw(consent=consent, withdrawn_by=peer)


def _moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 19), rng.choice([0, 30]))))


def _backdate_history(record, when: datetime) -> None:
    record.history.filter(id=record.pk).update(history_date=when)


def _case_work(household, lead, buddy, coordinator, registered_at, today, rng, provisions):
    if household.children_4_11:
        member_add(household=household, label="Kind", age_band="4-11")
    # A case that closes is worked on until its closing, never after (no visits, checks or
    # follow-ups once it is closed): the municipality's "visited" never exceeds "reached".
    closes = (today - registered_at.date()).days > 150 and rng.random() < 0.45
    days_open = rng.randint(90, 150) if closes else max((today - registered_at.date()).days, 1)
    visit_count = min(2 + days_open // 45, 9)
    visit_days = sorted(rng.randint(0, days_open) for _ in range(visit_count))
    for index, offset in enumerate(visit_days):
        started = _moment(registered_at.date() + timedelta(days=offset), rng)
        # Not before the registration (the same day, earlier hour), nor in the future.
        started = min(max(started, registered_at), timezone.now() - timedelta(hours=1))
        visit, _ = visit_log(
            household=household,
            recorded_by=lead,
            client_uuid=uuid.UUID(int=rng.getrandbits(128)),
            kind=VisitKind.INTAKE if index == 0 else rng.choice(list(VisitKind)[1:]),
            duration_minutes=rng.choice([20, 30, 45, 60, 90]),
            started_at=started,
            notes="Goed gesprek aan de keukentafel.",
            peer_ids=[lead.pk, buddy.pk] if buddy and rng.random() < 0.5 else [lead.pk],
        )
        Visit.objects.filter(pk=visit.pk).update(created_at=started)
    # Most cases that run to their closing have a plan by then; of those about half became
    # more active: enough on both sides for the key outcome to show per year.
    has_plan = rng.random() < (0.65 if closes else 0.36)
    if has_plan:
        for category, description, barriers in rng.sample(WISHES, rng.randint(1, 2)):
            wish = wish_create(
                household=household,
                created_by=lead,
                data={"category": category, "description": description, "barriers": barriers},
            )
            status = rng.choice(
                [WishStatus.ARTICULATED, WishStatus.IN_PROGRESS, WishStatus.REALISED,
                 WishStatus.REALISED, WishStatus.ABANDONED]
            )  # fmt: skip
            ParticipationWish.objects.filter(pk=wish.pk).update(
                status=status, articulated_on=registered_at.date()
            )
    for provision in rng.sample(provisions, rng.randint(1, 3)):
        outcome = rng.choice(
            [ProvisionOutcome.ALREADY_USED, ProvisionOutcome.NOT_ELIGIBLE,
             ProvisionOutcome.NON_USE_FOUND, ProvisionOutcome.APPLICATION_IN_PROGRESS,
             ProvisionOutcome.GRANTED, ProvisionOutcome.GRANTED, ProvisionOutcome.REJECTED]
        )  # fmt: skip
        check = provision_check_create(
            household=household,
            created_by=lead,
            data={
                "provision": provision,
                "outcome": outcome,
                "non_use_reason": rng.choice(["unaware", "too_complex", "shame"])
                if outcome not in (ProvisionOutcome.ALREADY_USED, ProvisionOutcome.NOT_ELIGIBLE)
                else "",
            },
        )
        checked = registered_at.date() + timedelta(days=rng.randint(0, days_open))
        ProvisionCheck.objects.filter(pk=check.pk).update(
            checked_on=min(checked, today), outcome_changed_on=min(checked, today)
        )
    for _ in range(rng.randint(0, 2)):
        created = registered_at + timedelta(days=rng.randint(0, days_open))
        created = min(created, timezone.now())
        follow_up = follow_up_create(
            household=household,
            created_by=lead,
            data={"description": rng.choice(FOLLOW_UPS), "due_date": today + timedelta(days=7)},
        )
        due = created.date() + timedelta(days=rng.randint(3, 40))
        done = due < today - timedelta(days=14) or rng.random() < 0.4
        FollowUp.objects.filter(pk=follow_up.pk).update(
            created_at=created,
            due_date=due,
            status=FollowUpStatus.DONE if done else FollowUpStatus.OPEN,
            completed_at=timezone.make_aware(datetime.combine(due, time(12))) if done else None,
        )
    # Plans and scores draw from a generator of their own, so the rest of the demo stays
    # as it was.
    plan_rng = random.Random(f"plan-{household.reference}")
    # A plan for about a third of the households; most of those who stay until their case
    # is closed made one (that is what keeps them going).
    ladder = None
    if (closes and plan_rng.random() < 0.9) or (has_plan and plan_rng.random() < 0.75):
        ladder = _plan(household, lead, registered_at, days_open, today, closes, plan_rng)
    if closes:
        rng.choice(list(ClosingReason))  # the draw the demo made before reasons were weighed
        reason = plan_rng.choices(list(ClosingReason), weights=[12, 1, 3, 1, 1, 1])[0]
        satisfaction = rng.choice([6, 7, 8, 8, 8, 9, 9, 10, None])
        rng.random()  # once the coordinator's "more active"; now derived from the ladder
        household_close(
            household=household,
            closed_by=coordinator,
            reason=reason,
            satisfaction=satisfaction,
            became_more_active=_coordinator_correction(ladder, plan_rng),
        )
        # At the end of the day of its last possible visit.
        closed_at = timezone.make_aware(
            datetime.combine(registered_at.date() + timedelta(days=days_open), time(21))
        )
        closed_at = min(closed_at, timezone.now())
        Household.objects.filter(pk=household.pk).update(closed_at=closed_at)
        if reason in CLOSINGS_THAT_INVITE_A_SCORE and plan_rng.random() < 0.6:
            # Most answer the text message; some fill in the paper form the peer left.
            by_text = plan_rng.random() < 0.75
            own_score_record(
                household=household,
                score=plan_rng.choice([5, 6, 6, 7, 7, 8, 8, 8, 9, 9, 10]),
                source=ScoreSource.SMS if by_text else ScoreSource.PAPER,
                recorded_by=None if by_text else lead,
                given_on=min(timezone.localtime(closed_at).date() + timedelta(days=2), today),
            )


def _plan(household, lead, registered_at, days_open, today, closes, rng) -> tuple[int, int]:
    """A plan agreed with the household some weeks after the intake, reviewed every two
    months while the case is open, the household mostly going up a rung or staying.
    Made through the services, then moved back in time. Returns (first, last) rung."""
    agreed_on = registered_at.date() + timedelta(days=min(rng.randint(14, 35), days_open))
    agreed_on = min(agreed_on, today)
    last_day = min(registered_at.date() + timedelta(days=days_open), today)
    review_days = [
        day for day in (agreed_on + timedelta(days=60 * n) for n in range(1, 4)) if day <= last_day
    ]
    rung = rng.choice([1, 2, 2, 2, 3, 3, 4])
    first = rung
    plan = plan_agree(
        household=household,
        agreed_by=lead,
        goals=rng.choice(PLAN_GOALS),
        rung=rung,
        review_on=today + timedelta(days=28),
    )
    days = [agreed_on]
    for number, day in enumerate(review_days):
        rung = min(rung + (1 if rng.random() < 0.45 else 0), 6)
        last_review = number == len(review_days) - 1
        plan_review(
            plan=plan,
            reviewed_by=lead,
            rung=rung,
            next_review_on=None if last_review and closes else today + timedelta(days=28),
            note=rng.choice(["", "Gaat goed", "Eerste stap gezet"]),
        )
        days.append(day)
    # Back in time: each step on its day, each review follow-up made at the step before
    # and done on its review's day; the open one falls due in the weeks ahead (the demo's
    # overdue board has its own example).
    for step, day in zip(plan.steps.order_by("id"), days, strict=True):
        LadderStep.objects.filter(pk=step.pk).update(on=day)
    reviews = list(
        FollowUp.objects.filter(household=household, description__startswith="Plan").order_by("id")
    )
    review_on = days[-1]
    for number, follow_up in enumerate(reviews):
        made = days[number]
        done = follow_up.status == FollowUpStatus.DONE
        due = days[number + 1] if done else today + timedelta(days=rng.randint(3, 50))
        FollowUp.objects.filter(pk=follow_up.pk).update(
            created_at=timezone.make_aware(datetime.combine(made, time(12))),
            due_date=due,
            completed_at=timezone.make_aware(datetime.combine(due, time(12))) if done else None,
        )
        review_on = due
    ParticipationPlan.objects.filter(pk=plan.pk).update(
        agreed_on=agreed_on, review_on=max(review_on, agreed_on)
    )
    return first, rung


def _coordinator_correction(ladder, rng) -> bool | None:
    """At closing the coordinator mostly goes with the ladder (None); now and then they
    correct it, as one does who knows the household better than the rungs say."""
    if ladder is None or rng.random() >= 0.1:
        return None
    return not ladder[1] > ladder[0]
