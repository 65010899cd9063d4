"""The phone pages of the plan, the paper score and the signal, as the peer uses them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from outreach.models import LadderStep, OwnScore, Signal, SignalTheme
from outreach.services.plans import plan_agree

SOON = timezone.localdate() + timedelta(days=21)


def test_the_visit_form_and_household_page_lead_to_making_a_plan(client, world):
    client.force_login(world.peer)
    plan_url = reverse("peer:plan", args=[world.household.pk])
    for page in ("peer:visit", "peer:household"):
        body = client.get(reverse(page, args=[world.household.pk])).content.decode()
        assert plan_url in body and "Plan maken met het huishouden" in body


def test_the_peer_makes_a_plan_and_sees_what_was_agreed(client, world):
    client.force_login(world.peer)
    response = client.post(
        reverse("peer:plan", args=[world.household.pk]),
        {"goals": "Zwemmen met de kinderen", "rung": "1", "review_on": SOON.isoformat()},
        follow=True,
    )
    body = response.content.decode()
    assert "Wat we hebben afgesproken" in body
    assert "Zwemmen met de kinderen" in body
    assert "Trede 1 van 6: Geïsoleerd." in body
    assert world.household.follow_ups.filter(due_date=SOON, responsible=world.peer).exists()


def test_a_review_with_the_rung_up_shows_the_household_went_up(client, world):
    plan_agree(household=world.household, agreed_by=world.peer, goals="Zwemmen", rung=2,
               review_on=SOON)  # fmt: skip
    client.force_login(world.buddy)
    response = client.post(
        reverse("peer:plan", args=[world.household.pk]),
        {"rung": "3", "note": "Zit op zwemles", "goals": "Zwemmen", "next_review_on": ""},
        follow=True,
    )
    assert "U bent gestegen!" in response.content.decode()
    assert [step.rung for step in LadderStep.objects.order_by("on", "id")] == [2, 3]


def test_a_paper_score_is_entered_and_marked_as_paper(client, world):
    client.force_login(world.peer)
    client.post(
        reverse("peer:paper_score", args=[world.household.pk]),
        {"score": "7", "given_on": timezone.localdate().isoformat()},
    )
    score = OwnScore.objects.get(household=world.household)
    assert (score.score, score.source, score.recorded_by) == (7, "paper", world.peer)
    body = client.get(reverse("peer:household", args=[world.household.pk])).content.decode()
    assert "cijfer 7, papieren formulier" in body


def test_a_signal_that_looks_personal_is_held_back_with_a_warning_until_confirmed(client, world):
    theme = SignalTheme.objects.create(name="Zwemles")
    client.force_login(world.peer)
    url = reverse("peer:visit_signal", args=[world.household.pk])
    data = {
        "theme": theme.pk,
        "description": "Fam. Jansen, Kerkstraat 12, kan zwemles niet betalen",
    }
    # When the text seems to hold a name and an address
    response = client.post(url, data)
    # Then nothing is sent; the peer is warned in Dutch and may confirm
    body = response.content.decode()
    assert response.status_code == 400 and not Signal.objects.exists()
    assert "een naam" in body and "een adres" in body
    assert "Ik heb het nagekeken" in body
    # When they confirm, it goes to the coordinator's signals
    response = client.post(url, {**data, "confirmed_no_personal_data": "on"})
    assert response.status_code == 302
    assert Signal.objects.get().households_concerned == 1
