"""The case records' routes, and every route of the API covered by a case, for every role:
each gets the status designed for it. The cases (route, payload, status per role) are in
tests/api/access_cases/case_records.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from outreach.models import ConsentScope, Provision
from outreach.services.plans import own_score_record, plan_agree
from tests.access import call_as, every_case, matrix_cases
from tests.api.access_cases.case_records import CASES
from tests.factories import AssignmentFactory, HouseholdFactory
from tests.helpers import World


@pytest.fixture
def matrix_world(world: World) -> World:
    from outreach.models import EditConflict

    # Given at registration (the factory's default), as every household has it.
    world.consent = world.household.consents.get(scope=ConsentScope.HOME_VISITS)
    world.conflict = EditConflict.objects.create(
        household=world.household,
        record_type="wish",
        record_id=world.household.wishes.get().pk,
        base_version=1,
        current_version=2,
        submitted={"description": "Zwemmen"},
        current={"description": "Judo"},
    )
    world.plan = plan_agree(
        household=world.household,
        agreed_by=world.peer,
        goals="Zwemmen",
        rung=2,
        review_on=timezone.localdate() + timedelta(days=28),
    )
    world.spare_household = HouseholdFactory(team=world.household.team)
    AssignmentFactory(household=world.spare_household, lead=world.peer)
    world.own_score = own_score_record(household=world.household, score=9, source="sms")
    world.provision = Provision.objects.get(name="Zorgtoeslag")
    world.unused_provision = Provision.objects.create(name="Energietoeslag 2025", level="municipal")
    return world


@matrix_cases(CASES)
def test_every_route_answers_each_role_as_designed(
    matrix_world, role, name, method, url, payload, expected
):
    # Given a user of this role and a route of the API
    # When they call it
    response = call_as(matrix_world, role, method, url, payload, format="json")
    # Then they get exactly the status designed for their role
    assert response.status_code == expected[role], response.content[:300]


def test_matrix_covers_every_route_and_method_of_the_api(matrix_world):
    # Given every route the router serves, with the methods each accepts
    from django.urls import resolve

    from api.urls import router

    served = {
        (pattern.name, method)
        for pattern in router.urls
        if pattern.name != "api-root" and "format" not in str(pattern.pattern)
        for method in pattern.callback.actions
        if method != "head"  # DRF answers HEAD as GET
    }
    # When the cases of every access table (tests/api/access_cases/) are resolved to routes
    covered = {(resolve(case[2](matrix_world)).url_name, case[1]) for case in every_case()}
    # Then none is left untested
    assert served - covered == set()
