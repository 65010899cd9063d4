"""Every coordinator page for every role: who may open it, and what they get."""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from outreach.models import (
    Assignment,
    EditConflict,
    Expense,
    Household,
    PeerCandidate,
    Signal,
    SignalTheme,
    TeamMeeting,
    TeamMembership,
)
from tests.factories import AssignmentFactory, HouseholdFactory, PeerCandidateFactory


class SelectOptions(HTMLParser):
    """The options of every <select> on a page, by the select's id: value -> (label, disabled)."""

    def __init__(self, html: str):
        super().__init__()
        self.selects: dict[str, dict[str, tuple[str, bool]]] = {}
        self.select = self.option = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.select = self.selects.setdefault(attrs.get("id"), {})
        elif tag == "option" and self.select is not None:
            self.option = attrs.get("value", "")
            self.select[self.option] = ("", "disabled" in attrs)

    def handle_data(self, data):
        if self.option is not None:
            label, disabled = self.select[self.option]
            self.select[self.option] = (label + data, disabled)

    def handle_endtag(self, tag):
        if tag == "option":
            self.option = None
        elif tag == "select":
            self.select = None


def options(response) -> dict[str, dict[str, tuple[str, bool]]]:
    return SelectOptions(response.content.decode()).selects


PAGE_ROLES = ["anonymous", "peer", "other_peer", "coordinator", "other_coordinator",
              "municipality_user", "admin"]  # fmt: skip
TEAM_PAGE = dict(anonymous=302, peer=403, other_peer=403, coordinator=200,
                 other_coordinator=200, municipality_user=403, admin=200)  # fmt: skip
CASE_PAGE = {**TEAM_PAGE, "other_coordinator": 404}

PAGES = [
    ("overview", lambda w: reverse("home"), None),
    ("intake", lambda w: reverse("coordinator:intake"), TEAM_PAGE),
    ("assign", lambda w: reverse("coordinator:assign", args=[w.household.pk]), CASE_PAGE),
    ("workload", lambda w: reverse("coordinator:workload"), TEAM_PAGE),
    ("overdue", lambda w: reverse("coordinator:overdue"), TEAM_PAGE),
    ("stalled applications", lambda w: reverse("coordinator:stalled-applications"), TEAM_PAGE),
    ("caseload", lambda w: reverse("coordinator:caseload"), TEAM_PAGE),
    ("close", lambda w: reverse("coordinator:close", args=[w.household.pk]), CASE_PAGE),
    ("closed", lambda w: reverse("coordinator:closed"), TEAM_PAGE),
    ("conflicts", lambda w: reverse("coordinator:conflicts"), TEAM_PAGE),
    ("signals", lambda w: reverse("coordinator:signals"), TEAM_PAGE),
    ("team", lambda w: reverse("coordinator:team"), TEAM_PAGE),
    ("meetings", lambda w: reverse("coordinator:meetings"), TEAM_PAGE),
    ("meeting", lambda w: reverse("coordinator:meeting", args=[meeting(w).pk]), CASE_PAGE),
    ("expenses", lambda w: reverse("coordinator:expenses"), TEAM_PAGE),
    (
        "expenses export",
        lambda w: reverse("coordinator:expenses-export") + "?month=2026-01",
        TEAM_PAGE,
    ),
    (
        "expenses export xlsx",
        lambda w: reverse("coordinator:expenses-export") + "?month=2026-01&format=xlsx",
        TEAM_PAGE,
    ),
    ("candidates", lambda w: reverse("coordinator:candidates"), TEAM_PAGE),
    ("candidate", lambda w: reverse("coordinator:candidate", args=[candidate(w).pk]), CASE_PAGE),
    ("membership", lambda w: reverse("coordinator:membership", args=[membership(w).pk]), CASE_PAGE),
    ("thank a team member", lambda w: reverse("coordinator:thank", args=[w.peer.pk]), CASE_PAGE),
    (
        "a team member's year",
        lambda w: reverse("coordinator:member-year", args=[w.peer.pk, timezone.localdate().year]),
        CASE_PAGE,
    ),
]

# Posting pages: (name, url, data) - the status for each role when they post.
POSTS = [
    (
        "reopen",
        lambda w: reverse("coordinator:reopen", args=[w.household.pk]),
        {**CASE_PAGE, "coordinator": 302, "admin": 302},
    ),
    (
        "resolve conflict",
        lambda w: reverse("coordinator:resolve-conflict", args=[conflict(w).pk]),
        {**CASE_PAGE, "coordinator": 302, "admin": 302},
    ),
    (
        "approve expense",
        lambda w: reverse("coordinator:expense-approve", args=[expense(w).pk]),
        {**CASE_PAGE, "coordinator": 302, "admin": 302},
    ),
    (
        "candidate step",
        lambda w: reverse("coordinator:candidate", args=[candidate(w).pk]),
        {**CASE_PAGE, "coordinator": 302, "admin": 302},
    ),
    (
        "membership privacy instruction",
        lambda w: reverse("coordinator:membership", args=[membership(w).pk]),
        {**CASE_PAGE, "coordinator": 302, "admin": 302},
    ),
    (
        "review signal",
        lambda w: reverse("coordinator:review-signal", args=[signal(w).pk]),
        {**CASE_PAGE, "coordinator": 302, "admin": 302},
    ),
    (
        "thank a team member",
        lambda w: reverse("coordinator:thank", args=[w.peer.pk]),
        {**CASE_PAGE, "coordinator": 302, "admin": 302},
    ),
]


def meeting(world):
    return TeamMeeting.objects.get_or_create(
        team=world.household.team, kind="training", held_on=date(2026, 1, 15),
        defaults={"hours": Decimal("2"), "topic": "Gesprekstechniek"},
    )[0]  # fmt: skip


def expense(world):
    return Expense.objects.get_or_create(
        user=world.peer, team=world.household.team, spent_on=date(2026, 1, 15),
        kind="bus_fare", amount=Decimal("3.40"),
    )[0]  # fmt: skip


def conflict(world):
    return EditConflict.objects.get_or_create(
        household=world.household,
        record_type="household",
        record_id=world.household.pk,
        base_version=1,
        current_version=2,
        submitted={"contact_name": "Nieuwe naam"},
        current={"contact_name": world.household.contact_name},
    )[0]


def candidate(world):
    return PeerCandidate.objects.filter(household=world.household).first() or (
        PeerCandidateFactory(household=world.household)
    )


def membership(world):
    return TeamMembership.objects.get(user=world.peer)


def signal(world):
    return Signal.objects.get_or_create(
        team=world.household.team,
        theme=SignalTheme.objects.get(name="Eenzaamheid"),
        neighbourhood_code="BU16740101",
        neighbourhood_year=2025,
        description="Ouderen komen de deur niet uit.",
        households_concerned=7,
    )[0]


@pytest.mark.parametrize("role", PAGE_ROLES)
@pytest.mark.parametrize(("name", "url", "expected"), POSTS, ids=[p[0] for p in POSTS])
def test_each_coordinator_action_answers_each_role_as_designed(client, world, role, name, url,
                                                               expected):  # fmt: skip
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    response = client.post(
        url(world),
        {"use": "current", "decision": "forward", "action": "instruction",
         "instruction-on": "2026-01-05", "status": "introduction_talk", "on": "2026-01-05",
         "message": "Dank je wel!", "confirmed_no_personal_data": "on"},
    )  # fmt: skip
    assert response.status_code == expected[role]


@pytest.mark.parametrize("role", PAGE_ROLES)
@pytest.mark.parametrize(("name", "url", "expected"), [p for p in PAGES if p[2]],
                         ids=[p[0] for p in PAGES if p[2]])  # fmt: skip
def test_each_coordinator_page_answers_each_role_as_designed(client, world, role, name, url,
                                                             expected):  # fmt: skip
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(url(world))
    assert response.status_code == expected[role]


def test_coordinator_lands_on_what_needs_attention(client, world):
    HouseholdFactory(team=world.household.team, status="new")
    client.force_login(world.coordinator)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # One household waits: the noun is singular
    assert "1</span><br>household waiting for a peer" in page
    assert reverse("coordinator:intake") in page


def test_assigning_from_the_intake_page(client, world):
    # Given a waiting household
    household = HouseholdFactory(team=world.household.team, status="new")
    client.force_login(world.coordinator)
    intake = client.get(reverse("coordinator:intake")).content.decode()
    assert household.reference in intake
    page = client.get(reverse("coordinator:assign", args=[household.pk])).content.decode()
    assert "peer-noord-3" in page
    # When the coordinator assigns a lead and buddy with a reason
    response = client.post(
        reverse("coordinator:assign", args=[household.pk]),
        {
            "assign-lead": world.other_peer.pk,
            "assign-buddy": world.peer.pk,
            "assign-reason": "Dichtbij",
        },
    )
    # Then the case is assigned and leaves the queue
    assert response.status_code == 302
    current = Assignment.objects.current().get(household=household)
    assert (current.lead, current.buddy, current.reason) == (
        world.other_peer,
        world.peer,
        "Dichtbij",
    )
    queue = client.get(reverse("coordinator:intake")).content.decode()
    assert reverse("coordinator:assign", args=[household.pk]) not in queue


def test_the_assign_page_refuses_a_declined_peer_and_says_why(client, world):
    household = HouseholdFactory(team=world.household.team, status="new")
    client.force_login(world.coordinator)
    url = reverse("coordinator:assign", args=[household.pk])
    client.post(url, {"decline-peer": world.other_peer.pk, "decline-reason": "buurman"})
    response = client.post(url, {"assign-lead": world.other_peer.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "does not want" in response.content.decode()
    assert not Assignment.objects.filter(household=household).exists()


def test_the_assign_page_shows_a_declined_peer_greyed_out_with_the_reason(client, world):
    # Given a waiting household that declined peer-noord-3 because he is a neighbour
    household = HouseholdFactory(team=world.household.team, status="new")
    client.force_login(world.coordinator)
    url = reverse("coordinator:assign", args=[household.pk])
    client.post(url, {"decline-peer": world.other_peer.pk, "decline-reason": "buurman"})
    # When the coordinator opens the assign page
    page = options(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    # Then in both the lead and the buddy list that peer cannot be picked and says why,
    # the others can; and he is no longer offered to be declined again
    for select in ("id_assign-lead", "id_assign-buddy"):
        label, disabled = page[select][str(world.other_peer.pk)]
        assert disabled and "the household declined (buurman)" in label
        assert page[select][str(world.peer.pk)][1] is False
    assert str(world.other_peer.pk) not in page["id_decline-peer"]


def test_only_peers_of_the_team_are_offered_as_lead_or_buddy(client, world):
    # Given a waiting household of Noord
    household = HouseholdFactory(team=world.household.team, status="new")
    client.force_login(world.coordinator)
    url = reverse("coordinator:assign", args=[household.pk])
    # When the coordinator opens the assign page and the caseload page
    page = options(client.get(url))
    caseload = options(client.get(reverse("coordinator:caseload"), {"peer": world.peer.pk}))
    # Then the lead, buddy and "go to" lists hold the three peers only, not the coordinator
    peers = {str(p.pk) for p in (world.peer, world.buddy, world.other_peer)}
    for choices in (
        page["id_assign-lead"],
        page["id_assign-buddy"],
        caseload["id_handover-to_peer"],
        caseload["id_bulk-lead"],
    ):
        assert {value for value in choices if value} == peers
    # And posting the coordinator anyway is refused with a clear message
    response = client.post(url, {"assign-lead": world.coordinator.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not Assignment.objects.filter(household=household).exists()


def test_handing_over_a_caseload_on_the_page(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("coordinator:caseload"),
        {"action": "hand_over", "handover-from_peer": world.peer.pk,
         "handover-to_peer": world.other_peer.pk, "handover-reason": "Stopt"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Assignment.objects.current().get(household=world.household).lead == world.other_peer


def test_the_hand_over_confirmation_says_what_happened_to_each_kind_of_case(client, world):
    # Given peer-noord-2 is buddy on peer-noord-1's case, and leads two cases of their own,
    # one of them with peer-noord-1 as buddy
    team = world.household.team
    alone, with_peer = HouseholdFactory(team=team), HouseholdFactory(team=team)
    AssignmentFactory(household=alone, lead=world.buddy)
    AssignmentFactory(household=with_peer, lead=world.buddy, buddy=world.peer)
    client.force_login(world.coordinator)
    # When the coordinator hands over peer-noord-2's caseload to peer-noord-1
    response = client.post(
        reverse("coordinator:caseload"),
        {"action": "hand_over", "handover-from_peer": world.buddy.pk,
         "handover-to_peer": world.peer.pk, "handover-reason": "Stopt"},
        follow=True, HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    # Then the confirmation counts the cases, the ones now led, and names the two that
    # lost their buddy because peer-noord-1 was already on them
    message = " ".join(str(m) for m in response.context["messages"])
    assert "3 cases of peer-noord-2 went to peer-noord-1." in message
    assert "peer-noord-1 now leads 2 cases." in message
    assert "2 cases have no buddy any more" in message
    assert world.household.reference in message and with_peer.reference in message
    assert alone.reference not in message


def test_moving_chosen_cases_on_the_page(client, world):
    client.force_login(world.coordinator)
    url = reverse("coordinator:caseload")
    page = client.get(url, {"peer": world.peer.pk}).content.decode()
    assert world.household.reference in page
    response = client.post(
        url,
        {"action": "reassign", "peer": world.peer.pk, "bulk-households": [world.household.pk],
         "bulk-lead": world.other_peer.pk, "bulk-reason": "Verlof", "bulk-keep_buddy": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    current = Assignment.objects.current().get(household=world.household)
    assert (current.lead, current.buddy) == (world.other_peer, world.buddy)


def test_resolving_a_conflict_on_the_page_applies_the_chosen_value(client, world):
    clash = conflict(world)
    client.force_login(world.coordinator)
    page = client.get(reverse("coordinator:conflicts")).content.decode()
    assert "Nieuwe naam" in page and world.household.reference in page
    client.post(reverse("coordinator:resolve-conflict", args=[clash.pk]), {"use": "submitted"})
    assert Household.objects.get(pk=world.household.pk).contact_name == "Nieuwe naam"
    clash.refresh_from_db()
    assert clash.resolved_by == world.coordinator
    assert "Nieuwe naam" not in client.get(reverse("coordinator:conflicts")).content.decode()


def test_recording_and_forwarding_a_signal_on_the_page(client, world):
    client.force_login(world.coordinator)
    url = reverse("coordinator:signals")
    data = {
        "signal-theme": SignalTheme.objects.get(name="Schulden").pk,
        "signal-neighbourhood_code": "BU16740101",
        "signal-households_concerned": "4",
        "signal-description": "Mevrouw Jansen krijgt steeds aanmaningen",
    }
    # A description that looks like it names someone is sent back with a warning
    warned = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert warned.status_code == 200 and "a name" in warned.content.decode()
    assert not Signal.objects.exists()
    data["signal-description"] = "Gezinnen krijgen aanmaningen voor de waterrekening"
    assert client.post(url, data).status_code == 302
    signal = Signal.objects.get()
    forwarded = client.post(
        reverse("coordinator:review-signal", args=[signal.pk]),
        {"decision": "forward", "confirmed_no_personal_data": "on"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    signal.refresh_from_db()
    assert signal.status == "forwarded" and signal.reviewed_by == world.coordinator
    # The coordinator is told when it reaches the municipality's figures: after the nightly
    # refresh, not at once
    message = " ".join(str(m) for m in forwarded.context["messages"])
    assert "after the next refresh, tonight" in message


def test_a_forward_with_a_house_number_is_refused_and_the_text_kept(client, world):
    # Given a signal to review, and its coordinator on the signals page
    signal = Signal.objects.create(
        team=world.household.team, theme=SignalTheme.objects.get(name="Schulden"),
        neighbourhood_code="BU16740101", neighbourhood_year=2026, households_concerned=3,
        description="Gezinnen krijgen aanmaningen voor de waterrekening",
    )  # fmt: skip
    client.force_login(world.coordinator)
    url = reverse("coordinator:review-signal", args=[signal.pk])
    text = "Aanmaningen, vooral in de Kerkstraat 12"
    # When they forward an edited text that names a street with a house number
    refused = client.post(
        url,
        {"decision": "forward", "forwarded_text": text, "confirmed_no_personal_data": "on"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    # Then it is refused in plain Dutch, naming what was found, with their text kept to fix
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Deze tekst lijkt een adres te bevatten" in page and "Haal het weg" in page
    assert text in page
    signal.refresh_from_db()
    assert signal.status == "new"
    # And without the confirmation it is refused too; with a clean text and it, it goes
    client.post(url, {"decision": "forward", "forwarded_text": "Aanmaningen in de wijk"})
    signal.refresh_from_db()
    assert signal.status == "new"
    client.post(
        url,
        {"decision": "forward", "forwarded_text": "Aanmaningen in de wijk",
         "confirmed_no_personal_data": "on"},
    )  # fmt: skip
    signal.refresh_from_db()
    assert (signal.status, signal.forwarded_text) == ("forwarded", "Aanmaningen in de wijk")
    assert signal.description == "Gezinnen krijgen aanmaningen voor de waterrekening"


def test_the_signals_page_says_forwarded_signals_show_after_the_nightly_refresh(client, world):
    client.force_login(world.coordinator)
    url = reverse("coordinator:signals")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    dutch = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "made again every night, so it shows the next day" in english
    assert "elke nacht opnieuw gemaakt" in dutch


def test_the_page_offers_the_list_and_no_way_to_type_a_theme(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("coordinator:signals"), HTTP_ACCEPT_LANGUAGE="en")
    assert 'name="theme-name"' not in page.content.decode()
    assert "Ask the administrator to add it" in page.content.decode()
    client.post(reverse("coordinator:signals"), {"theme-name": "Vervoer"})
    assert not SignalTheme.objects.filter(name="Vervoer").exists()


def test_recording_hours_on_the_team_page_warns_near_the_limit(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("coordinator:team"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "other organisations count" in page and "peer-noord-1" in page
    response = client.post(
        reverse("coordinator:team"),
        {"user": world.peer.pk, "month": "2026-03", "hours": "40", "allowance": "200",
         "other_allowance": "0"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )  # fmt: skip
    assert "Close to the maximum" in response.content.decode()
    over = client.post(
        reverse("coordinator:team"),
        {"user": world.peer.pk, "month": "2026-04", "hours": "40", "allowance": "200",
         "other_allowance": "50"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert over.status_code == 200 and "legal maximum" in over.content.decode()
