"""Consent first: no name, address or phone without consent for home visits and for keeping
data; a household that withdraws its home-visit consent is not visited, planned for,
reminded about or asked for a score; withdrawn consent for keeping data erases the case."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from notifications.models import MessageKind, OutboxMessage
from notifications.services.planning import peers_remind_overdue, preference_set
from outreach.models import ConsentScope, FirstContact, FollowUp, Household, Visit
from outreach.services.consent import consent_give, consent_withdraw, contact_refused
from outreach.services.first_contacts import first_contact_note
from outreach.services.follow_ups import follow_up_create
from outreach.services.households import household_close, household_register
from outreach.services.visits import visit_log
from outreach.workflow import FollowUpStatus
from tests.factories import (
    FollowUpFactory,
    consent_text,
    registration_consents,
)

DETAILS = {"contact_name": "Fam. Yilmaz", "phone": "06 12345678", "postcode": "4701 AB"}


def withdraw(world, scope):
    consent = world.household.consents.get(scope=scope, withdrawn_at__isnull=True)
    with TestCase.captureOnCommitCallbacks(execute=True):
        consent_withdraw(consent=consent, withdrawn_by=world.peer)


# Registration


@pytest.mark.parametrize(
    "scopes",
    [(), (ConsentScope.HOME_VISITS,), (ConsentScope.DATA_STORAGE, ConsentScope.SMS)],
    ids=["none", "home visits only", "keeping data and sms"],
)
def test_registration_without_both_consents_is_refused_and_stores_nothing(world, scopes):
    # Given a registration that lacks consent for home visits or for keeping data
    consents = registration_consents(*scopes) if scopes else []
    before = Household.objects.count()
    # When it is sent
    with pytest.raises(ValidationError) as refused:
        household_register(
            team=world.household.team, registered_by=world.peer, data=DETAILS, consents=consents
        )
    # Then it is refused, in plain Dutch, and no name, address or phone is stored
    assert "toestemming voor huisbezoek" in " ".join(refused.value.messages)
    assert Household.objects.count() == before


def test_registration_stores_the_consents_with_text_version_and_how_given(world):
    household = household_register(
        team=world.household.team,
        registered_by=world.peer,
        data=DETAILS,
        consents=registration_consents(),
    )
    consents = {consent.scope: consent for consent in household.consents.all()}
    assert set(consents) == {ConsentScope.HOME_VISITS, ConsentScope.DATA_STORAGE}
    assert consents[ConsentScope.HOME_VISITS].text.version == "2026-1"
    assert consents[ConsentScope.HOME_VISITS].recorded_by == world.peer
    assert consents[ConsentScope.DATA_STORAGE].method == "verbal"


def test_health_answers_at_registration_need_special_category_consent_in_the_same_step(world):
    health = {**DETAILS, "physical_health_problems": True}
    with pytest.raises(ValidationError):
        household_register(
            team=world.household.team,
            registered_by=world.peer,
            data=health,
            consents=registration_consents(),
        )
    household = household_register(
        team=world.household.team,
        registered_by=world.peer,
        data=health,
        consents=registration_consents(
            ConsentScope.HOME_VISITS, ConsentScope.DATA_STORAGE, ConsentScope.SPECIAL_CATEGORY
        ),
    )
    assert household.physical_health_problems is True


def test_a_neighbourhood_of_another_municipality_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        household_register(
            team=world.household.team,
            registered_by=world.peer,
            data={**DETAILS, "neighbourhood_code": "BU03630000"},
            consents=registration_consents(),
        )
    assert "neighbourhood_code" in refused.value.message_dict


# First contacts


def test_a_first_contact_names_nobody_and_is_noted_once(world):
    # Given a peer who spoke with a household that is not ready yet
    client_uuid = uuid.uuid4()
    # When the phone sends the contact twice
    for _ in range(2):
        contact = first_contact_note(
            team=world.household.team,
            noted_by=world.peer,
            outcome="not_now",
            referral_source="food_bank",
            neighbourhood_code="BU16740101",
            client_uuid=client_uuid,
        )
    # Then it is one contact, with nothing that names the household
    assert FirstContact.objects.count() == 1
    names = {field.name for field in FirstContact._meta.get_fields()}
    assert not names & {"contact_name", "phone", "street", "house_number", "postcode"}
    assert contact.neighbourhood_code == "BU16740101"


def test_a_first_contact_in_another_municipalitys_neighbourhood_is_refused(world):
    with pytest.raises(ValidationError):
        first_contact_note(
            team=world.household.team,
            noted_by=world.peer,
            outcome="interested",
            referral_source="self",
            neighbourhood_code="BU03630000",
        )


# Withdrawing home-visit consent


def test_withdrawing_home_visit_consent_stops_visits_and_new_follow_ups(world):
    withdraw(world, ConsentScope.HOME_VISITS)
    assert contact_refused(world.household)
    with pytest.raises(ValidationError) as refused:
        visit_log(
            household=world.household,
            recorded_by=world.peer,
            client_uuid=uuid.uuid4(),
            kind="home_visit",
            duration_minutes=30,
        )
    assert "geen contact" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        follow_up_create(
            household=world.household,
            created_by=world.peer,
            data={"description": "Bellen", "due_date": timezone.localdate()},
        )
    assert Visit.objects.filter(household=world.household).count() == 1  # the one before


def test_withdrawing_home_visit_consent_cancels_open_follow_ups_with_history(world):
    open_follow_up = world.household.follow_ups.get()
    withdraw(world, ConsentScope.HOME_VISITS)
    open_follow_up.refresh_from_db()
    assert open_follow_up.status == FollowUpStatus.CANCELLED
    assert open_follow_up.completion_note == "Het huishouden wil geen contact"
    last = open_follow_up.history.first()
    assert last.history_user == world.peer
    assert last.history_change_reason == "home-visit consent withdrawn"


def test_no_overdue_reminder_for_a_household_that_said_no(world):
    # Given a peer who hears about overdue follow-ups by text, with one overdue
    FollowUp.objects.filter(household=world.household).delete()
    FollowUpFactory(
        household=world.household,
        responsible=world.peer,
        due_date=timezone.localdate() - timedelta(days=3),
    )
    preference_set(user=world.peer, channel="sms", phone="06 12345678")
    # When the household withdraws its home-visit consent
    withdraw(world, ConsentScope.HOME_VISITS)
    # Then the peer gets no reminder about it
    assert peers_remind_overdue() == 0
    assert not OutboxMessage.objects.filter(kind=MessageKind.PEER_OVERDUE).exists()


def test_no_score_request_for_a_household_that_said_no(world):
    # Given a household that agreed to text messages, then said no to further contact
    consent_give(
        household=world.household,
        scope=ConsentScope.SMS,
        text=consent_text(ConsentScope.SMS),
        method="verbal",
        recorded_by=world.peer,
    )
    withdraw(world, ConsentScope.HOME_VISITS)
    # When the coordinator closes the case with a reason that would otherwise invite a score
    with TestCase.captureOnCommitCallbacks(execute=True):
        household_close(
            household=world.household,
            closed_by=world.coordinator,
            reason="goals_reached",
            satisfaction=None,
            became_more_active=None,
        )
    # Then no score is asked for
    assert not OutboxMessage.objects.filter(kind=MessageKind.VERDICT_REQUEST).exists()


# Withdrawing consent for keeping data


def test_withdrawing_consent_for_keeping_data_anonymises_the_case(world):
    reference, name = world.household.reference, world.household.contact_name
    withdraw(world, ConsentScope.DATA_STORAGE)
    household = Household.objects.get(pk=world.household.pk)
    assert household.anonymised_at is not None
    assert name not in (household.contact_name, household.reference)
    assert household.reference != reference
