"""Referrals to partner organisations: only with the household's consent, followed up two
weeks on, answered by recording whether there was contact, and gone when the case is
erased."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.retention import household_erase
from outreach.models import ConsentScope, FollowUp, Referral
from outreach.services.consent import consent_withdraw
from outreach.services.referrals import referral_make, referral_record_contact
from tests.helpers import client_for


def refer(world, **changes) -> Referral:
    arguments = {
        "household": world.household,
        "referred_by": world.coordinator,
        "kind": "debt_help",
        "organisation": "Schuldhulp West-Brabant",
        "consent_given": True,
        "consent_method": "verbal",
        **changes,
    }
    return referral_make(**arguments)


def test_a_referral_asks_the_lead_peer_after_two_weeks_whether_there_was_contact(world):
    # When the coordinator refers the household to debt help
    referral = refer(world)
    # Then the lead peer has a follow-up in two weeks that asks about it
    follow_up = referral.follow_up
    assert follow_up.responsible == world.peer
    assert follow_up.due_date == timezone.localdate() + timedelta(days=14)
    assert follow_up.description == "Is er contact geweest met Schuldhulp West-Brabant?"
    assert referral.contact_made == "unknown"


def test_a_referral_without_a_name_asks_about_the_kind_of_organisation(world):
    referral = refer(world, kind="food_bank", organisation="")
    assert referral.follow_up.description == "Is er contact geweest met Voedselbank?"


def test_a_referral_without_the_households_consent_is_refused(world):
    # When a referral is made without the household saying yes
    with pytest.raises(ValidationError) as refused:
        refer(world, consent_given=False)
    # Then nothing is made, and the peer is told to ask first
    assert "consent_given" in refused.value.message_dict
    assert not Referral.objects.exists()
    with pytest.raises(ValidationError):
        refer(world, consent_method="")


def test_a_household_that_withdrew_home_visit_consent_cannot_be_referred(world):
    # Given a household that wants no contact any more
    consent = world.household.consents.get(scope=ConsentScope.HOME_VISITS)
    consent_withdraw(consent=consent, withdrawn_by=world.peer)
    # When a referral is made, Then it is refused
    with pytest.raises(ValidationError) as refused:
        refer(world)
    assert refused.value.error_dict["household"][0].code == "no_contact_wanted"
    assert not Referral.objects.exists()


def test_recording_that_contact_was_made_completes_the_follow_up(world):
    # Given a referral with its follow-up
    referral = refer(world)
    # When the peer records that there was contact
    referral = referral_record_contact(
        referral=referral, recorded_by=world.peer, contact_made="yes"
    )
    # Then the referral says so, and the follow-up is done with the answer
    assert (referral.contact_made, referral.contact_on) == ("yes", timezone.localdate())
    follow_up = FollowUp.objects.get(pk=referral.follow_up_id)
    assert (follow_up.status, follow_up.completion_note) == ("done", "Contact gelegd")
    # And the history keeps who changed what
    assert [row.history_user for row in referral.history.order_by("history_date")] == [
        world.coordinator,
        world.peer,
    ]


def test_contact_cannot_be_dated_before_the_referral(world):
    referral = refer(world, referred_on=timezone.localdate() - timedelta(days=3))
    with pytest.raises(ValidationError):
        referral_record_contact(
            referral=referral,
            recorded_by=world.peer,
            contact_made="no",
            contact_on=timezone.localdate() - timedelta(days=4),
        )


def test_the_api_refuses_a_referral_without_consent_with_a_clear_message(world):
    # When the peer's phone sends a referral without consent
    response = client_for(world.peer).post(
        "/api/v1/referrals/",
        {"household": world.household.pk, "kind": "wmo_desk", "consent_given": False},
        format="json",
    )
    # Then it is refused, saying to ask the household first
    assert response.status_code == 400
    assert "Vraag het huishouden eerst" in str(response.json())


def test_the_api_records_contact_and_lists_referrals_of_my_households(world):
    referral = refer(world)
    client = client_for(world.peer)
    response = client.post(
        f"/api/v1/referrals/{referral.pk}/contact/", {"contact_made": "no"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["contact_made"] == "no"
    listed = client.get("/api/v1/referrals/").json()["results"]
    assert [row["id"] for row in listed] == [referral.pk]


def test_erasing_the_household_leaves_no_trace_of_its_referrals(world):
    # Given a referral with a note and the name of the organisation
    referral = refer(world, note="Belt zelf maandag")
    referral_record_contact(referral=referral, recorded_by=world.peer, contact_made="yes")
    # When the household is erased
    household_erase(household=world.household, erased_by=world.coordinator, reason="Verzoek")
    # Then only the kind and the answer are left for the figures; the history is gone
    left = Referral.objects.get(pk=referral.pk)
    assert (left.organisation, left.note, left.referred_by, left.follow_up) == ("", "", None, None)
    assert (left.kind, left.contact_made) == ("debt_help", "yes")
    assert left.referred_on.day == 1
    assert not Referral.history.filter(id=referral.pk).exists()


def test_the_referral_list_costs_the_same_queries_for_one_and_for_many(
    world, django_assert_max_num_queries
):
    client = client_for(world.coordinator)
    refer(world)
    with django_assert_max_num_queries(12) as one:
        client.get("/api/v1/referrals/")
    for _ in range(10):
        refer(world)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/v1/referrals/").json()["results"]) == 11


def test_the_municipality_sees_referrals_by_kind_rounded(world):
    from reach.services import reach_refresh
    from tests.factories import AssignmentFactory, HouseholdFactory
    from tests.reach.helpers import cell

    # Given twelve households of team Noord referred to debt help, and eleven to the food bank
    for number in range(23):
        household = HouseholdFactory(team=world.household.team)
        AssignmentFactory(household=household, lead=world.peer)
        refer(world, household=household, kind="debt_help" if number < 12 else "food_bank")
    # When the figures are refreshed
    reach_refresh(municipality=world.household.team.municipality)
    year = str(timezone.localdate().year)
    # Then each kind shows as a count of households rounded to 5, the total too
    assert cell("referrals_by_kind", year, breakdown="debt_help").value == 10
    assert cell("referrals_by_kind", year, breakdown="food_bank").value == 10
    assert cell("referrals_by_kind", year).value == 25
