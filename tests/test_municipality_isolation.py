"""One deployment, two municipalities: nobody of one reaches anything of the other, by any
route. Every URL the project serves (API and pages, from the URL resolver, so a new route is
covered without being listed), asked by every role but the deployment-wide administrator
(the operator), in both directions: reading (details, lists, searches, filters, exports,
figures) and writing (every method, with the other municipality's ids in the path and in
the body, break the glass included)."""

import re
from dataclasses import dataclass, field

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.html import escape

from audit.models import BreakGlassGrant
from notifications.models import (
    Activity,
    Attendance,
    Enrolment,
    OutboxMessage,
    Participant,
    Session,
)
from outreach.models import (
    Consent,
    ConsentScope,
    ConsentText,
    Expense,
    Household,
    LocalOffer,
    MeetingAttendance,
    Municipality,
    Provision,
    Role,
    Signal,
    SignalAnswer,
    SignalTheme,
    Team,
    TeamMeeting,
    TeamMembership,
    User,
)
from outreach.querysets import HOUSEHOLD_RECORDS
from outreach.services.applications import application_documents_set, application_start
from outreach.services.referrals import referral_make
from outreach.services.signals import signal_answer, signal_forward, signal_record
from tests.factories import (
    AssignmentFactory,
    FollowUpFactory,
    HouseholdFactory,
    ProvisionCheckFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
    WishFactory,
    consent_text,
)
from tests.helpers import client_for
from tests.notifications.helpers import make_participant
from tests.routes import concrete, every_route

# Everyone but the operator: a new role (the municipal administrator too) is covered as soon
# as it exists.
ROLES = [role for role in Role.values if role != Role.ADMIN]
TEAM_ROLES = (Role.PEER, Role.COORDINATOR)
SKIPPED = ("logout", "i18n/setlang")
WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass
class Side:
    """One municipality with a team, a user of every role, a case with its records and a
    local offer."""

    municipality: Municipality
    team: Team
    users: dict[str, User]
    household: Household
    participant: Participant
    secrets: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)


def build_side(code: str, name: str, tag: str) -> Side:
    municipality = Municipality.objects.create(
        code=code, name=name, sms_sender_name=f"Afzender {tag}", sms_help_contact=f"Hulp {tag}"
    )
    # Its own catalogue and consent text (beside the shared ones both use).
    provision = Provision.objects.create(
        name=f"Provision of {tag}", level="municipal", municipality=municipality,
        how_to_apply=f"How to apply in {tag}",
    )  # fmt: skip
    text = ConsentText.objects.create(
        municipality=municipality, scope=ConsentScope.SMS, version=f"{tag}-1",
        text_nl=f"Consent text of {tag}", text_en=f"Consent text of {tag}",
    )  # fmt: skip
    # Its local offer: a club and a fund.
    offer = LocalOffer.objects.create(
        municipality=municipality, name=f"Offer of {tag}", kind="fund",
        how_to_apply=f"Apply for the offer of {tag}",
    )  # fmt: skip
    team = TeamFactory(municipality=municipality, name=f"Team {tag}")
    users = {
        role: UserFactory(
            username=f"{tag}-{role}",
            role=role,
            team=team if role in TEAM_ROLES else None,
            municipality=None if role in TEAM_ROLES else municipality,
        )
        for role in ROLES
    }
    household = HouseholdFactory(
        team=team, contact_name=f"Contact {tag}", reference=f"HH-2026-{tag}", phone=""
    )
    AssignmentFactory(household=household, lead=users[Role.PEER])
    VisitFactory(household=household, notes=f"Notes of the visit in {tag}")
    WishFactory(household=household, description=f"Wish of {tag}")
    ProvisionCheckFactory(household=household)
    application = application_start(
        provision_check=ProvisionCheckFactory(household=household, provision=provision),
        started_by=users[Role.PEER],
    )
    application_documents_set(
        application=application,
        changed_by=users[Role.PEER],
        documents=[{"name": f"Document of {tag}"}],
    )
    FollowUpFactory(
        household=household, description=f"Follow-up of {tag}", responsible=users[Role.PEER]
    )
    referral_make(
        household=household, referred_by=users[Role.PEER], kind="other",
        organisation=f"Partner of {tag}", note=f"Referral note of {tag}",
        consent_given=True, consent_method="verbal",
    )  # fmt: skip
    Consent.objects.create(
        household=household,
        scope=ConsentScope.SMS,
        text=consent_text(ConsentScope.SMS),
        method="verbal",
    )
    participant = Participant.objects.create(
        team=team, name=f"Participant {tag}", household=household
    )
    activity = Activity.objects.create(team=team, name=f"Kookgroep {tag}")
    Enrolment.objects.create(activity=activity, participant=participant)
    session = Session.objects.create(activity=activity, starts_at=timezone.now())
    Attendance.objects.create(session=session, participant=participant)
    OutboxMessage.objects.create(
        idempotency_key=f"key-{tag}", kind="reminder", to="+31687654321",
        body=f"Tot morgen bij de kookgroep {tag}", team=team, participant=participant,
    )  # fmt: skip
    theme = SignalTheme.objects.create(name=f"Theme {tag}", municipality=municipality)
    signal = signal_record(
        team=team, theme=theme, neighbourhood_code=f"BU{code[2:]}0101",
        description=f"Signal of {tag}", households_concerned=12,
        recorded_by=users[Role.COORDINATOR],
    )  # fmt: skip
    meeting = TeamMeeting.objects.create(
        team=team, kind="training", held_on=timezone.localdate(), hours=2,
        topic=f"Meeting of {tag}",
    )  # fmt: skip
    MeetingAttendance.objects.create(meeting=meeting, user=users[Role.PEER], attended=True)
    expense = Expense.objects.create(
        user=users[Role.PEER], team=team, spent_on=timezone.localdate(), kind="bus_fare",
        amount=3, description=f"Expense of {tag}",
    )  # fmt: skip
    # Forwarded to the municipality's inbox, and answered there
    signal_forward(
        signal=signal, forwarded_by=users[Role.COORDINATOR],
        forwarded_text=f"Forwarded signal of {tag}", confirmed_no_personal_data=True,
    )  # fmt: skip
    signal_answer(
        signal=signal, status="no_action", reply=f"Answer of {tag}",
        answered_by=users[Role.MUNICIPALITY],
    )  # fmt: skip
    side = Side(municipality, team, users, household, participant)
    side.secrets = [
        f"Contact {tag}",
        f"HH-2026-{tag}",
        f"Notes of the visit in {tag}",
        f"Wish of {tag}",
        f"Document of {tag}",
        f"Follow-up of {tag}",
        f"Partner of {tag}",
        f"Referral note of {tag}",
        f"Participant {tag}",
        f"kookgroep {tag}",
        f"Theme {tag}",
        f"Signal of {tag}",
        f"Meeting of {tag}",
        f"Expense of {tag}",
        f"Answer of {tag}",
        f"Provision of {tag}",
        f"How to apply in {tag}",
        f"Offer of {tag}",
        f"Apply for the offer of {tag}",
        f"Consent text of {tag}",
        f"Afzender {tag}",
        f"Hulp {tag}",
        *(user.username for user in users.values()),
    ]
    pks = {municipality.pk, team.pk, household.pk, participant.pk, activity.pk, session.pk}
    pks |= {provision.pk, text.pk, offer.pk}
    pks |= {theme.pk, *(user.pk for user in users.values())}
    pks |= {meeting.pk, expense.pk}
    for model in HOUSEHOLD_RECORDS:
        pks |= set(model.objects.filter(household=household).values_list("pk", flat=True))
    pks |= set(OutboxMessage.objects.filter(team=team).values_list("pk", flat=True))
    pks |= set(Signal.objects.filter(team=team).values_list("pk", flat=True))
    pks |= set(SignalAnswer.objects.filter(signal__team=team).values_list("pk", flat=True))
    side.ids = [
        *map(str, sorted(pks)),
        str(household.visits.get().client_uuid),
        household.reference,
    ]
    return side


@pytest.fixture
def sides(db) -> dict[str, Side]:
    return {
        "Roosendaal": build_side("GM1674", "Roosendaal", "roosendaal"),
        "Bergen op Zoom": build_side("GM0748", "Bergen op Zoom", "bergen"),
    }


DIRECTIONS = [("Roosendaal", "Bergen op Zoom"), ("Bergen op Zoom", "Roosendaal")]


def client_of(user: User):
    client = client_for(user)
    client.raise_request_exception = False  # a server error is a finding, with its URL
    client.force_login(user)  # the pages as well as the API
    return client


def routes() -> list[str]:
    # (format-suffix twins like households.json answer as their plain route does)
    plain = [route for route in every_route() if "(?P<format>" not in route]
    return [route for route in plain if not any(part in route for part in SKIPPED)]


def body_of(response) -> str:
    body = b"".join(response) if response.streaming else response.content
    return body.decode("utf-8", errors="ignore")


def leaked(response, secrets: list[str], asked: str) -> list[str]:
    """The other side's secrets in the answer, apart from the address the caller asked for
    itself (a page echoes its own address, e.g. in the language switch's hidden `next`), and
    the admin site's notice that the id the caller asked for (a reference, say) does not
    exist, which it shows on the page after."""
    text = body_of(response).lower()
    for echo in (asked, escape(asked)):
        text = text.replace(echo.lower(), "")
    text = ADMIN_NOT_FOUND.sub("", text)
    return [secret for secret in secrets if secret.lower() in text]


# "Team met ID 'HH-2026-bergen' bestaat niet" (in English "... doesn't exist"), with curly
# quotes: single in Dutch, double in English.
ADMIN_NOT_FOUND = re.compile(
    "id [\u2018\u201c][^\u2019\u201d<]*[\u2019\u201d] (?:bestaat niet|doesn)"
)


def rows_of(side: Side) -> dict[str, list]:
    """Every row that belongs to the municipality: its settings, teams and memberships, its
    accounts, catalogue and consent texts, its cases and their records, activities, messages,
    signals, themes, and break-the-glass grants."""
    municipality = side.municipality
    in_it = {"team__municipality": municipality}
    querysets = {
        "municipality": Municipality.objects.filter(pk=municipality.pk),
        "account": User.objects.filter(pk__in=[user.pk for user in side.users.values()]),
        "provision": Provision.objects.filter(municipality=municipality),
        "offer": LocalOffer.objects.filter(municipality=municipality),
        "consent_text": ConsentText.objects.filter(municipality=municipality),
        "team": Team.objects.filter(municipality=municipality),
        "membership": TeamMembership.objects.filter(**in_it),
        "household": Household.objects.filter(**in_it),
        "participant": Participant.objects.filter(**in_it),
        "activity": Activity.objects.filter(**in_it),
        "session": Session.objects.filter(activity__team__municipality=municipality),
        "enrolment": Enrolment.objects.filter(activity__team__municipality=municipality),
        "attendance": Attendance.objects.filter(session__activity__team__municipality=municipality),
        "outbox": OutboxMessage.objects.filter(**in_it),
        "signal": Signal.objects.filter(**in_it),
        "signal_answer": SignalAnswer.objects.filter(signal__team__municipality=municipality),
        "theme": SignalTheme.objects.filter(municipality=municipality),
        "break_glass": BreakGlassGrant.objects.filter(household__team__municipality=municipality),
        "meeting": TeamMeeting.objects.filter(**in_it),
        "meeting_attendance": MeetingAttendance.objects.filter(
            meeting__team__municipality=municipality
        ),
        "expense": Expense.objects.filter(**in_it),
    }
    for model in HOUSEHOLD_RECORDS:
        querysets[model._meta.model_name] = model.objects.filter(
            household__team__municipality=municipality
        )
    return {name: sorted(map(repr, qs.values_list())) for name, qs in querysets.items()}


def is_list(url: str) -> bool:
    try:
        match = resolve(url)
    except Resolver404:
        return False
    return (getattr(match.func, "actions", None) or {}).get("get") == "list"


def searches(other: Side) -> list[str]:
    """Each list route asked for the other municipality by name, reference and id."""
    found = []
    for route in routes():
        [url] = concrete(route, ["0"])[:1]
        if not is_list(url):
            continue
        for query in (
            f"search={other.household.contact_name}",
            f"search={other.household.reference}",
            f"household={other.household.pk}",
            f"team={other.team.pk}",
            f"municipality={other.municipality.code}",
        ):
            found.append(f"{url}?{query}")
    return found


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("own", "other"), DIRECTIONS, ids=["to Bergen", "to Roosendaal"])
def test_no_route_shows_anything_of_the_other_municipality(sides, own, other, role):
    # Given a user of one municipality and every id of the other's records
    mine, theirs = sides[own], sides[other]
    client = client_of(mine.users[role])
    urls = [url for route in routes() for url in concrete(route, theirs.ids)]
    urls += searches(theirs)
    assert len(urls) > 500
    # When every route is read with those ids, and every list searched and filtered for them
    failures, leaks = [], []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{url} {response.status_code}")
        elif found := leaked(response, theirs.secrets, asked=url):
            leaks.append(f"{url}: {found}")
    # Then nothing breaks and nothing of the other municipality shows
    assert not failures, "\n".join(failures)
    assert not leaks, "\n".join(leaks)


def accepts(url: str, method: str) -> bool:
    """Whether the route may take the method (API views say; pages take forms)."""
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return False
    actions = getattr(match.func, "actions", None)
    if actions is not None:
        return method in actions
    view_class = getattr(match.func, "cls", None) or getattr(match.func, "view_class", None)
    if view_class is not None:
        return method in view_class.http_method_names
    return method == "post"


def body_naming(other: Side) -> dict:
    """A request body that points every field a write may take at the other municipality."""
    peer = other.users[Role.PEER].pk
    return {
        "household": other.household.pk,
        "team": other.team.pk,
        "participant": other.participant.pk,
        "activity": Activity.objects.get(team=other.team).pk,
        "session": Session.objects.get(activity__team=other.team).pk,
        "municipality": other.municipality.pk,
        "offer": LocalOffer.objects.get(municipality=other.municipality).pk,
        "lead": peer,
        "buddy": peer,
        "responsible": peer,
        "user": peer,
        "peers": [peer],
        "participants": [other.participant.pk],
        "reference": other.household.reference,
        "reason": "Needed to check something for the household today",
        "contact_name": "Overwritten",
        "name": "Overwritten",
        "description": "Overwritten",
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("own", "other"), DIRECTIONS, ids=["to Bergen", "to Roosendaal"])
def test_no_route_changes_anything_of_the_other_municipality(sides, own, other, role):
    # Given a user of one municipality, and the other's records as they are
    mine, theirs = sides[own], sides[other]
    client = client_of(mine.users[role])
    before = rows_of(theirs)
    body = body_naming(theirs)
    requests = [
        (method, url)
        for route in routes()
        for url in concrete(route, theirs.ids)
        for method in WRITE_METHODS
        if accepts(url, method)
    ]
    assert len(requests) > 200
    # When every route is written to with the other's ids, in the path and in the body
    failures, leaks = [], []
    for method, url in requests:
        response = getattr(client, method)(url, body, format="json")
        if response.status_code >= 500:
            failures.append(f"{method} {url} {response.status_code}")
        elif found := leaked(response, theirs.secrets, asked=url):
            leaks.append(f"{method} {url}: {found}")
    # Then nothing breaks, nothing of theirs shows, and nothing of theirs changed
    assert not failures, "\n".join(failures)
    assert not leaks, "\n".join(leaks)
    assert rows_of(theirs) == before


@pytest.mark.parametrize(("own", "other"), DIRECTIONS, ids=["to Bergen", "to Roosendaal"])
def test_breaking_the_glass_never_opens_a_case_of_the_other_municipality(sides, own, other):
    # Given a coordinator of one municipality who knows a reference of the other's case
    coordinator = sides[own].users[Role.COORDINATOR]
    case = sides[other].household
    client = client_for(coordinator)
    # When they break the glass for it, with a good reason
    response = client.post(
        "/api/v1/break-glass/",
        {"reference": case.reference, "reason": "The household called our team for help"},
        format="json",
    )
    # Then it is refused as if the case did not exist, and the case stays closed to them
    assert response.status_code == 400
    assert not BreakGlassGrant.objects.filter(user=coordinator).exists()
    assert client.get(f"/api/v1/households/{case.pk}/").status_code == 404


def test_the_detector_sees_what_a_user_may_see(sides):
    # Given the coordinator of Roosendaal and their own case: the same checks find it
    mine = sides["Roosendaal"]
    client = client_of(mine.users[Role.COORDINATOR])
    household_url = f"/api/v1/households/{mine.household.pk}/"
    found = leaked(client.get(household_url), mine.secrets, asked=household_url)
    assert {"Contact roosendaal", "HH-2026-roosendaal"} <= set(found)
    participant_url = f"/api/v1/participants/{mine.participant.pk}/"
    found = leaked(client.get(participant_url), mine.secrets, asked=participant_url)
    assert "Participant roosendaal" in found
    # And the municipality's official finds its own inbox's signal and answer
    official = client_of(mine.users[Role.MUNICIPALITY])
    inbox_url = "/api/v1/signal-inbox/"
    found = leaked(official.get(inbox_url), mine.secrets, asked=inbox_url)
    assert {"Signal of roosendaal", "Answer of roosendaal"} <= set(found)


@pytest.mark.parametrize(("own", "other"), DIRECTIONS, ids=["to Bergen", "to Roosendaal"])
def test_a_teams_text_messages_carry_its_own_municipalitys_name_and_number(sides, own, other):
    # Given a participant of each municipality's group who accepts text messages
    from notifications.services.planning import group_message_send

    mine, theirs = sides[own], sides[other]
    activity = Activity.objects.get(team=mine.team)
    participant = make_participant(mine.team, "Fatima Amrani", "+31611111111")
    Enrolment.objects.create(activity=activity, participant=participant)
    # When the team writes to its group, signing with {sender} and {help}
    group_message_send(
        activity=activity, body="Hoi {name}. {sender}, bel {help}", by=mine.users[Role.COORDINATOR]
    )
    # Then the message names its own municipality's sender and number, never the other's
    body = OutboxMessage.objects.get(participant=participant).body
    assert mine.municipality.sms_sender_name in body
    assert mine.municipality.sms_help_contact in body
    assert theirs.municipality.sms_sender_name not in body
