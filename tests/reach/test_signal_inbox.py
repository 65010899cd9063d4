"""The municipality's signals inbox: what it shows (and never shows), who opens it, the
district only above k, the answers and who sees them, and its query budget."""

import pytest
from django.urls import reverse

from outreach.models import Role, Signal, SignalAnswer, SignalTheme
from outreach.services.signals import signal_answer, signal_forward, signal_record
from tests.factories import MunicipalityFactory, TeamFactory, UserFactory
from tests.helpers import client_for


@pytest.fixture(autouse=True)
def k_is_ten(settings):
    settings.REACH_K = 10


def forwarded(world, *, theme="Schulden", code="BU16740101", households=4, team=None,
              text="Gezinnen krijgen aanmaningen voor de waterrekening."):  # fmt: skip
    team = team or world.household.team
    coordinator = world.coordinator if team == world.household.team else world.admin
    signal = signal_record(
        team=team, theme=SignalTheme.objects.get(name=theme, municipality=None),
        neighbourhood_code=code, description=f"{text} (eigen aantekening van het team)",
        households_concerned=households, recorded_by=world.peer,
    )  # fmt: skip
    return signal_forward(
        signal=signal,
        forwarded_by=coordinator,
        forwarded_text=text,
        confirmed_no_personal_data=True,
    )


def inbox(user) -> list[dict]:
    return client_for(user).get("/api/v1/signal-inbox/").json()["results"]


def test_the_municipality_reads_the_forwarded_text_and_never_who_or_where_exactly(world):
    # Given a forwarded signal (edited for the municipality) and one still to review
    signal = forwarded(world)
    signal_record(
        team=world.household.team, theme=SignalTheme.objects.get(name="Eenzaamheid"),
        neighbourhood_code="BU16740101", description="Nog te bekijken", households_concerned=3,
        recorded_by=world.peer,
    )  # fmt: skip
    # When the municipality opens its inbox, in the API and on the page
    [row] = inbox(world.municipality_user)
    client = client_for(world.municipality_user)
    client.force_login(world.municipality_user)
    page = client.get(reverse("reach:signal-inbox")).content.decode()
    detail = client.get(reverse("reach:signal-detail", args=[signal.pk])).content.decode()
    # Then it reads the forwarded text, theme, team and date, not the team's own notes
    assert row["text"] == "Gezinnen krijgen aanmaningen voor de waterrekening."
    assert (row["theme"], row["team"]) == ("Schulden", "Noord")
    assert row["forwarded_at"] and row["answers"] == []
    for shown in (page, detail, str(row)):
        assert "Gezinnen krijgen aanmaningen" in shown
        assert "eigen aantekening" not in shown and "Nog te bekijken" not in shown
        # And never who recorded or forwarded it, nor the neighbourhood or a household
        for secret in (world.peer.username, world.coordinator.username, "BU16740101",
                       world.household.reference, world.household.contact_name):  # fmt: skip
            assert secret not in shown, secret
    assert not {"recorded_by", "reviewed_by", "neighbourhood_code", "description"} & set(row)


def test_the_district_shows_only_where_k_households_share_the_theme_that_year(world):
    # Given debts in two neighbourhoods of district WK167401: 6 + 5 households (k is 10),
    # loneliness there for 3 households, and debts elsewhere (WK167402) for 4
    forwarded(world, code="BU16740101", households=6)
    forwarded(world, code="BU16740102", households=5)
    forwarded(world, theme="Eenzaamheid", code="BU16740101", households=3)
    forwarded(world, code="BU16740201", households=4)
    # When the municipality reads its inbox
    rows = inbox(world.municipality_user)
    # Then the debts of WK167401 name their district; the rest say the municipality only
    districts = sorted((row["theme"], row["district"]) for row in rows)
    assert districts == [
        ("Eenzaamheid", ""), ("Schulden", ""), ("Schulden", "WK167401"), ("Schulden", "WK167401"),
    ]  # fmt: skip


def test_another_municipality_sees_none_of_it(world):
    # Given a signal forwarded in Roosendaal and an official of Bergen op Zoom
    signal = forwarded(world)
    bergen = MunicipalityFactory(code="GM0748", name="Bergen op Zoom")
    official = UserFactory(username="bergen", role=Role.MUNICIPALITY, municipality=bergen)
    client = client_for(official)
    # When they look for it and try to answer it
    # Then it is not there for them (404), and nothing is answered
    assert client.get("/api/v1/signal-inbox/").json()["results"] == []
    assert client.get(f"/api/v1/signal-inbox/{signal.pk}/").status_code == 404
    answer = client.post(f"/api/v1/signal-inbox/{signal.pk}/answer/", {"status": "received"})
    assert answer.status_code == 404
    client.force_login(official)
    assert client.get(reverse("reach:signal-detail", args=[signal.pk])).status_code == 404
    assert not SignalAnswer.objects.exists()


def test_the_answer_reaches_the_team_and_no_other_team(world):
    # Given a forwarded signal of team Noord
    signal = forwarded(world)
    # When the municipality answers on its page: first received, then no action (with why)
    client = client_for(world.municipality_user)
    client.force_login(world.municipality_user)
    url = reverse("reach:signal-detail", args=[signal.pk])
    client.post(url, {"status": "received", "reply": ""})
    refused = client.post(url, {"status": "no_action", "reply": ""})
    assert refused.status_code == 400
    client.post(url, {"status": "no_action", "reply": "Valt onder het waterschap."})
    # Then the team sees the latest answer and the earlier one, in the API and on its page
    coordinator = client_for(world.coordinator)
    answers = coordinator.get(f"/api/v1/signals/{signal.pk}/").json()["answers"]
    assert [a["status"] for a in answers] == ["no_action", "received"]
    assert answers[0]["reply"] == "Valt onder het waterschap."
    assert "answered_by" not in answers[0]
    coordinator.force_login(world.coordinator)
    page = coordinator.get(reverse("coordinator:signals")).content.decode()
    assert "Valt onder het waterschap." in page
    # And the other team's coordinator does not find the signal at all
    other = client_for(world.other_coordinator)
    assert other.get(f"/api/v1/signals/{signal.pk}/").status_code == 404
    # And the inbox shows the signal as answered
    assert inbox(world.municipality_user)[0]["answers"][0]["status"] == "no_action"


def test_an_answer_is_kept_with_who_gave_it_for_the_record(world):
    signal = forwarded(world)
    answer = signal_answer(
        signal=signal, status="action_taken", reply="Regeling aangepast.",
        answered_by=world.municipality_user,
    )  # fmt: skip
    assert answer.history.get().history_user == world.municipality_user
    assert answer.answered_by == world.municipality_user


@pytest.mark.parametrize(
    ("role", "status"),
    [("peer", 404), ("other_peer", 404), ("coordinator", 404), ("other_coordinator", 404),
     ("municipality_user", 200), ("municipal_admin", 404), ("admin", 200)],
)  # fmt: skip
def test_the_inbox_pages_answer_each_role_as_designed(client, world, role, status):
    signal = forwarded(world)
    client.force_login(getattr(world, role))
    assert client.get(reverse("reach:signal-inbox")).status_code == status
    assert client.get(reverse("reach:signal-detail", args=[signal.pk])).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    signal = forwarded(world)
    for url in (reverse("reach:signal-inbox"), reverse("reach:signal-detail", args=[signal.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_operator_reads_along_but_does_not_answer_on_the_page(client, world):
    signal = forwarded(world)
    client.force_login(world.admin)
    url = reverse("reach:signal-detail", args=[signal.pk])
    assert "Save the answer" not in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert client.post(url, {"status": "received"}).status_code == 403
    assert not SignalAnswer.objects.exists()


def test_the_inbox_speaks_plain_dutch_to_the_municipality(client, world):
    forwarded(world)
    client.force_login(world.municipality_user)
    page = client.get(reverse("reach:signal-inbox"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Signalen van de teams" in page and "Nog niet beantwoord" in page
    assert "het team ziet uw antwoord" in page


@pytest.mark.parametrize("rows", [1, 30])
def test_the_inbox_list_costs_the_same_queries_for_1_and_30_signals(
    world, rows, django_assert_max_num_queries
):
    # Given this many forwarded signals, each answered twice, in different districts
    for number in range(rows):
        signal = forwarded(world, code=f"BU167401{number % 10:02d}")
        for status in ("received", "looking_into"):
            signal_answer(
                signal=signal, status=status, reply="", answered_by=world.municipality_user
            )
    client = client_for(world.municipality_user)
    client.force_login(world.municipality_user)
    # When the municipality reads its inbox: the API list, and the page
    # Then the queries stay within a fixed budget
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/v1/signal-inbox/").json()["results"]) == rows
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reach:signal-inbox")).status_code == 200


def test_forwarded_signals_of_other_teams_of_the_municipality_are_in_its_inbox(world):
    forwarded(world, team=world.other_household.team, text="Vervoer naar de voedselbank.")
    elsewhere = TeamFactory(municipality=MunicipalityFactory(code="GM0748", name="Bergen"))
    forwarded(world, team=elsewhere, text="Wachtlijst schuldhulp.")
    assert [row["text"] for row in inbox(world.municipality_user)] == [
        "Vervoer naar de voedselbank."
    ]
    assert len(inbox(world.admin)) == 2
    assert Signal.objects.count() == 2


def test_a_theme_nobody_vetted_yet_is_not_named_to_the_municipality(world):
    # Given a forwarded signal whose theme an administrator has not put on the list
    signal = forwarded(world)
    theme = SignalTheme.objects.create(name="Typed by a coordinator", listed=False)
    Signal.objects.filter(pk=signal.pk).update(theme=theme)
    # When the municipality reads its inbox, Then the theme shows without its name
    [row] = inbox(world.municipality_user)
    assert row["theme"] != "Typed by a coordinator" and "Typed" not in str(row)


def test_the_municipality_can_list_only_what_it_has_not_answered_yet(world):
    # Given two forwarded signals, one answered
    answered = forwarded(world, text="Aanmaningen voor de waterrekening.")
    forwarded(world, theme="Eenzaamheid", text="Ouderen komen de deur niet uit.")
    signal_answer(signal=answered, status="received", reply="", answered_by=world.municipality_user)
    client = client_for(world.municipality_user)
    # When it asks for those not answered yet (API and page)
    response = client.get("/api/v1/signal-inbox/?answered=false")
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    client.force_login(world.municipality_user)
    page = client.get(reverse("reach:signal-inbox") + "?waiting=1").content.decode()
    # Then only the waiting one is there
    assert [row["text"] for row in rows] == ["Ouderen komen de deur niet uit."]
    assert "Ouderen komen" in page and "waterrekening" not in page
    answered_only = client.get("/api/v1/signal-inbox/?answered=true").json()["results"]
    assert [row["text"] for row in answered_only] == ["Aanmaningen voor de waterrekening."]
