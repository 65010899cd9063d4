"""An application followed from a check with non-use found to the provider's decision."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from outreach.models import Application, FollowUp, Provision, ProvisionCheck
from outreach.selectors.applications import stalled_applications
from outreach.selectors.today import follow_ups_due
from outreach.services.applications import (
    application_decide,
    application_documents_set,
    application_postpone,
    application_start,
    application_submit,
)
from outreach.services.provision_checks import provision_check_update
from outreach.workflow import ApplicationStatus, FollowUpStatus
from tests.factories import ProvisionCheckFactory, ProvisionFactory

TODAY = timezone.localdate()


@pytest.fixture
def check(world) -> ProvisionCheck:
    provision = ProvisionFactory(
        name="Meedoenregeling",
        municipality=world.household.team.municipality,
        level="municipal",
        typical_annual_value=250,
        application_documents="Loonstrook\n\nBankafschrift \n",
        decision_term_weeks=8,
    )
    return ProvisionCheckFactory(household=world.household, provision=provision)


def test_starting_an_application_copies_the_provisions_document_list(world, check):
    # When the peer starts the application for a check where non-use was found
    application = application_start(provision_check=check, started_by=world.peer)
    # Then its checklist is the provision's list, nothing ticked yet
    assert application.documents == [
        {"name": "Loonstrook", "done": False},
        {"name": "Bankafschrift", "done": False},
    ]
    # And the check now reads "application in progress" (the figures count it as applied)
    check.refresh_from_db()
    assert check.outcome == "application_in_progress"


def test_the_checklist_is_the_households_own_the_provisions_list_stays(world, check):
    application = application_start(provision_check=check, started_by=world.peer)
    # When a document is ticked, one removed and one added
    application_documents_set(
        application=application,
        changed_by=world.peer,
        documents=[{"name": "Loonstrook", "done": True}, {"name": "Huurcontract"}],
    )
    # Then the application shows that list
    application.refresh_from_db()
    assert application.documents == [
        {"name": "Loonstrook", "done": True},
        {"name": "Huurcontract", "done": False},
    ]
    assert application.documents_done == 1
    # And the provision's own list is unchanged for the next household
    assert check.provision.document_list() == ["Loonstrook", "Bankafschrift"]


def test_only_a_check_with_non_use_found_starts_an_application_once(world, check):
    application_start(provision_check=check, started_by=world.peer)
    with pytest.raises(ValidationError):
        application_start(provision_check=check, started_by=world.peer)
    used = ProvisionCheckFactory(
        household=world.household, outcome="already_used", non_use_reason=""
    )
    with pytest.raises(ValidationError):
        application_start(provision_check=used, started_by=world.peer)


def test_submitting_makes_a_follow_up_due_on_the_day_the_decision_is_due(world, check):
    application = application_start(provision_check=check, started_by=world.peer)
    # When the application is submitted today (the provision's term is 8 weeks)
    application = application_submit(application=application, submitted_by=world.peer)
    # Then the decision is due in 8 weeks, and the peer has a follow-up that day
    assert application.decision_due_on == TODAY + timedelta(weeks=8)
    follow_up = application.follow_up
    assert follow_up.responsible == world.peer
    assert follow_up.due_date == TODAY + timedelta(weeks=8)
    assert follow_up.provision_check == check
    # And it is neither on today's list nor stalled yet
    assert follow_up not in follow_ups_due(user=world.peer)
    assert not stalled_applications(user=world.coordinator).exists()


def test_a_stalled_application_raises_a_follow_up_after_the_decision_term(world, check):
    # Given an application submitted 8 weeks and a day ago, without a decision
    application = application_start(
        provision_check=check, started_by=world.peer, started_on=TODAY - timedelta(weeks=9)
    )
    application_submit(
        application=application,
        submitted_by=world.peer,
        submitted_on=TODAY - timedelta(weeks=8, days=1),
    )
    # Then the peer's follow-up to ask after the decision is on their list today
    [due] = follow_ups_due(user=world.peer).filter(provision_check=check)
    assert "Meedoenregeling" in due.description
    # And the coordinator sees the application as stalled, one day past its term
    assert list(stalled_applications(user=world.coordinator)) == [application]
    # But not the coordinator of another team
    assert not stalled_applications(user=world.other_coordinator).exists()


def test_postponing_moves_the_decision_date_and_the_follow_up(world, check):
    application = application_start(provision_check=check, started_by=world.peer)
    application = application_submit(application=application, submitted_by=world.peer)
    new_date = TODAY + timedelta(weeks=14)
    # When the provider extends its term (verdaagd)
    application = application_postpone(
        application=application, changed_by=world.peer, decision_due_on=new_date
    )
    # Then the application and the follow-up show the new date
    assert application.postponed is True
    assert application.decision_due_on == new_date
    assert FollowUp.objects.get(pk=application.follow_up_id).due_date == new_date
    # And an earlier date is refused
    with pytest.raises(ValidationError):
        application_postpone(application=application, changed_by=world.peer, decision_due_on=TODAY)


def test_a_grant_records_the_amount_settles_the_check_and_closes_the_follow_up(world, check):
    application = application_start(provision_check=check, started_by=world.peer)
    application = application_submit(application=application, submitted_by=world.peer)
    # When the provider grants 300 euros a year
    application = application_decide(
        application=application,
        decided_by=world.peer,
        decision=ApplicationStatus.GRANTED,
        granted_annual_amount=Decimal("300"),
    )
    # Then the check reads granted, dated on the decision, and the follow-up is done
    check.refresh_from_db()
    assert (check.outcome, check.outcome_changed_on) == ("granted", TODAY)
    assert application.granted_annual_amount == Decimal("300")
    assert FollowUp.objects.get(pk=application.follow_up_id).status == FollowUpStatus.DONE
    # And a decision is final
    with pytest.raises(ValidationError):
        application_decide(
            application=application, decided_by=world.peer, decision=ApplicationStatus.REFUSED
        )


def test_a_grant_needs_an_amount_and_a_refusal_takes_none(world, check):
    application = application_start(provision_check=check, started_by=world.peer)
    application = application_submit(application=application, submitted_by=world.peer)
    with pytest.raises(ValidationError) as missing:
        application_decide(
            application=application, decided_by=world.peer, decision=ApplicationStatus.GRANTED
        )
    assert "granted_annual_amount" in missing.value.message_dict
    application_decide(
        application=application, decided_by=world.peer, decision=ApplicationStatus.REFUSED
    )
    check.refresh_from_db()
    assert check.outcome == "rejected"


def test_a_withdrawn_application_leaves_the_non_use_and_cancels_the_follow_up(world, check):
    application = application_start(provision_check=check, started_by=world.peer)
    application = application_submit(application=application, submitted_by=world.peer)
    application_decide(
        application=application, decided_by=world.peer, decision=ApplicationStatus.WITHDRAWN
    )
    check.refresh_from_db()
    assert check.outcome == "non_use_found"
    assert FollowUp.objects.get(pk=application.follow_up_id).status == FollowUpStatus.CANCELLED


def test_an_application_cannot_be_decided_before_it_is_submitted_except_withdrawn(world, check):
    application = application_start(provision_check=check, started_by=world.peer)
    with pytest.raises(ValidationError):
        application_decide(
            application=application,
            decided_by=world.peer,
            decision=ApplicationStatus.GRANTED,
            granted_annual_amount=Decimal(1),
        )
    application_decide(
        application=application, decided_by=world.peer, decision=ApplicationStatus.WITHDRAWN
    )


def test_a_checks_outcome_cannot_be_changed_around_its_application(world, check):
    application_start(provision_check=check, started_by=world.peer)
    check.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        provision_check_update(check=check, changed_by=world.peer, data={"outcome": "granted"})
    assert "outcome" in error.value.message_dict


def test_last_years_catalogue_amounts_kept_for_last_years_checks(world):
    # Given last year's row of a provision, a check made on it then, and its application
    municipality = world.household.team.municipality
    last_year = TODAY.year - 1
    old_row = Provision.objects.create(
        name="Kindpakket", municipality=municipality, level="municipal", year=last_year,
        typical_annual_value=Decimal("200"), how_to_apply="Vraag het aan bij het loket.",
    )  # fmt: skip
    check = ProvisionCheckFactory(
        household=world.household,
        provision=old_row,
        estimated_annual_value=None,
        checked_on=TODAY.replace(year=last_year, month=6, day=1),
    )
    application = application_start(provision_check=check, started_by=world.peer)
    # When next year's row is added with new amounts and new words
    Provision.objects.create(
        name="Kindpakket", municipality=municipality, level="municipal", year=TODAY.year,
        typical_annual_value=Decimal("260"), how_to_apply="Vraag het online aan.",
    )  # fmt: skip
    # Then last year's check and its application still show last year's amount and words
    application = Application.objects.select_related("provision_check__provision").get(
        pk=application.pk
    )
    provision = application.provision_check.provision
    assert (provision.year, provision.typical_annual_value) == (last_year, Decimal("200"))
    assert provision.how_to_apply == "Vraag het aan bij het loket."
