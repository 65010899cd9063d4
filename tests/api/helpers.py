"""Rows of every case record for the query-count tests."""

from outreach.models import Consent, ConsentScope
from tests.factories import (
    AssignmentFactory,
    FollowUpFactory,
    HouseholdFactory,
    ProvisionCheckFactory,
    UserFactory,
    VisitFactory,
    WishFactory,
    consent_text,
    own_score,
    plan_with_steps,
)


def add_rows(world, count):
    team = world.household.team
    for _ in range(count):
        household = HouseholdFactory(team=team)
        AssignmentFactory(household=household, lead=world.peer, buddy=world.buddy)
        VisitFactory(household=household, peers=[world.peer, world.buddy])
        WishFactory(household=household)
        ProvisionCheckFactory(household=household)
        FollowUpFactory(household=household, responsible=world.peer)
        Consent.objects.create(
            household=household,
            scope=ConsentScope.SMS,
            text=consent_text(ConsentScope.SMS),
            method="verbal",
        )
        UserFactory(team=team)
        plan_with_steps(household, [2, 3])
        own_score(household, 8)
