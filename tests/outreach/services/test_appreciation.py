"""Appreciation for peers: milestones from their visits and their time in the team, a
thank-you from the coordinator on the Today page until put away, and a yearly overview in
counts only."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from outreach.models import Appreciation
from outreach.selectors.appreciation import milestones_of, year_overview
from outreach.services.appreciation import appreciation_dismiss, appreciation_send
from outreach.services.referrals import referral_make
from tests.factories import (
    HouseholdFactory,
    ProvisionCheckFactory,
    VisitFactory,
    WishFactory,
)


def visit_households(world, count: int, *, days_ago: int = 2):
    households = [HouseholdFactory(team=world.household.team) for _ in range(count)]
    for number, household in enumerate(households):
        VisitFactory(
            household=household,
            peers=[world.other_peer],
            started_at=timezone.now() - timedelta(days=days_ago + count - 1 - number),
        )
    return households


def test_a_peers_tenth_household_and_first_year_are_milestones(world):
    # Given a peer who joined a year ago and has now visited ten households
    visit_households(world, 10)
    # When their milestones are read
    milestones = milestones_of(user_ids=[world.other_peer.pk])[world.other_peer.pk]
    # Then the first visit, the tenth household and the year in the team are among them
    kinds = {(milestone.kind, milestone.count) for milestone in milestones}
    assert kinds == {("first_visit", 1), ("households", 10), ("years", 1)}
    tenth = next(m for m in milestones if m.kind == "households")
    assert tenth.on == timezone.localdate() - timedelta(days=2)


def test_the_today_page_shows_a_milestone_and_a_thank_you_until_put_away(client, world):
    # Given a peer who just reached ten households, and a thank-you from the coordinator
    visit_households(world, 10)
    thanks = appreciation_send(
        peer=world.other_peer,
        team=world.household.team,
        sent_by=world.coordinator,
        message="Dank je wel voor je inzet deze maand!",
    )
    client.force_login(world.other_peer)
    # When the peer opens Today
    page = client.get("/").content.decode()
    # Then both show
    assert "Dank je wel voor je inzet deze maand!" in page
    assert "je hebt nu 10 huishoudens bezocht" in page
    # And once put away, the thank-you is gone from the page but kept on record
    response = client.post(reverse("me:thanks_dismiss", args=[thanks.pk]))
    assert response.status_code == 302
    assert "Dank je wel voor je inzet" not in client.get("/").content.decode()
    assert Appreciation.objects.get(pk=thanks.pk).dismissed_at is not None


def test_a_coordinator_thanks_only_peers_of_their_own_team(world):
    # When the coordinator of team Zuid thanks a peer of team Noord
    with pytest.raises(ValidationError):
        appreciation_send(
            peer=world.peer,
            team=world.household.team,
            sent_by=world.other_coordinator,
            message="Goed gedaan",
        )
    # And a peer thanks a colleague
    with pytest.raises(ValidationError):
        appreciation_send(
            peer=world.other_peer, team=world.household.team, sent_by=world.peer, message="Top"
        )
    assert not Appreciation.objects.exists()


def test_only_the_peer_thanked_can_put_a_thank_you_away(world):
    thanks = appreciation_send(
        peer=world.peer, team=world.household.team, sent_by=world.coordinator, message="Top!"
    )
    with pytest.raises(ValidationError):
        appreciation_dismiss(appreciation=thanks, dismissed_by=world.other_peer)


def test_the_coordinator_sends_a_thank_you_from_the_team_page(client, world):
    client.force_login(world.coordinator)
    assert client.get(reverse("coordinator:team")).status_code == 200
    response = client.post(
        reverse("coordinator:thank", args=[world.peer.pk]), {"message": "Fijn dat je er bent"}
    )
    assert response.status_code == 302
    assert Appreciation.objects.get().peer == world.peer


def test_the_year_overview_counts_what_the_peer_did_and_names_no_household(client, world):
    # Given a year with visits to three households, a realised wish, a granted provision
    # and a referral; and a visit the year before
    year = timezone.localdate().year
    households = visit_households(world, 3)
    VisitFactory(
        household=households[0],
        peers=[world.other_peer],
        started_at=timezone.now().replace(year=year - 1),
    )
    WishFactory(household=households[0], status="realised", status_changed_on=timezone.localdate())
    ProvisionCheckFactory(
        household=households[1],
        outcome="granted",
        estimated_annual_value=Decimal("480"),
        outcome_changed_on=timezone.localdate(),
    )
    referral_make(
        household=world.household,
        referred_by=world.other_peer,
        kind="food_bank",
        consent_given=True,
        consent_method="verbal",
    )
    # When the overview of the year is read
    overview = year_overview(peer=world.other_peer, year=year)
    # Then it counts this year only
    assert (overview.households_visited, overview.visits, overview.hours) == (3, 3, 2)
    assert (overview.wishes_realised, overview.euros_unlocked, overview.referrals) == (
        1, Decimal("480"), 1,
    )  # fmt: skip
    # And the printable page shows the counts without naming any household
    client.force_login(world.other_peer)
    page = client.get(reverse("me:year", args=[year])).content.decode()
    assert "480" in page
    for household in households:
        assert household.contact_name not in page
        assert household.reference not in page


def test_the_year_overview_page_costs_the_same_for_a_quiet_and_a_busy_year(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.other_peer)
    url = reverse("me:year", args=[timezone.localdate().year])
    visit_households(world, 1)
    with django_assert_max_num_queries(30) as quiet:
        client.get(url)
    visit_households(world, 20)
    with django_assert_max_num_queries(len(quiet.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_team_page_costs_the_same_for_a_small_and_a_large_team(
    client, world, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    client.force_login(world.coordinator)
    url = reverse("coordinator:team")
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    for number in range(8):
        UserFactory(username=f"extra-peer-{number}", team=world.household.team)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
