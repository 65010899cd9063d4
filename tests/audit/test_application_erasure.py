"""Erasing a household reaches its applications: the checklist and the note go, the
granted amount (counted in the euros unlocked) stays, and no history row keeps the rest."""

from decimal import Decimal

from audit.retention import household_erase
from outreach.models import Application
from outreach.services.applications import (
    application_decide,
    application_documents_set,
    application_start,
    application_submit,
)
from tests.factories import ProvisionCheckFactory


def test_erasing_a_household_anonymises_its_application_and_its_history(world):
    # Given a granted application with a checklist and a note naming the household's affairs
    check = ProvisionCheckFactory(household=world.household)
    application = application_start(provision_check=check, started_by=world.peer)
    application_documents_set(
        application=application,
        changed_by=world.peer,
        documents=[{"name": "Brief van de deurwaarder", "done": True}],
    )
    application = application_submit(application=application, submitted_by=world.peer)
    application_decide(
        application=application,
        decided_by=world.peer,
        decision="granted",
        granted_annual_amount=Decimal("600"),
        note="Schuld bij de woningcorporatie meegenomen",
    )
    # When the household is erased on request
    household_erase(household=world.household, erased_by=world.coordinator, reason="Verzoek")
    # Then the application keeps what the figures count, nothing of the household's affairs
    application = Application.objects.get(pk=application.pk)
    assert application.documents == []
    assert application.decision_note == ""
    assert application.created_by is None and application.follow_up is None
    assert (application.status, application.granted_annual_amount) == ("granted", Decimal("600"))
    assert application.decided_on.day == 1  # kept by month only
    # And its history is gone
    assert not Application.history.filter(id=application.pk).exists()
