"""Application routes for every role (gathered by test_access_matrix's coverage check):
like every case record, out of scope is 404, the municipality 403."""

from datetime import date, timedelta

from outreach.models import Application
from outreach.services.applications import application_start, application_submit
from tests.access import statuses
from tests.factories import ProvisionCheckFactory, ProvisionFactory
from tests.helpers import World

expect = statuses(
    anonymous=401, peer=200, other_peer=404, coordinator=200, other_coordinator=404,
    municipality_user=403, municipal_admin=403, admin=200,
)  # fmt: skip


def _application(world: World, provision_name: str, submitted: bool) -> Application:
    existing = Application.objects.filter(
        household=world.household, provision_check__provision__name=provision_name
    ).first()
    if existing:
        return existing
    check = ProvisionCheckFactory(
        household=world.household, provision=ProvisionFactory(name=provision_name)
    )
    application = application_start(provision_check=check, started_by=world.peer)
    if submitted:
        application = application_submit(application=application, submitted_by=world.peer)
    return application


def started(world: World) -> Application:
    return _application(world, "Kwijtschelding", submitted=False)


def submitted(world: World) -> Application:
    return _application(world, "Huurtoeslag", submitted=True)


def later(day: date) -> str:
    return (day + timedelta(weeks=6)).isoformat()


def url(step: str = "", which=started):
    return lambda w: f"/api/v1/applications/{which(w).pk}/{step}"


CASES = [
    ("applications list", "get", lambda w: "/api/v1/applications/", None,
     expect(other_peer=200, other_coordinator=200)),
    ("applications start", "post", lambda w: "/api/v1/applications/",
     lambda w: {"provision_check": w.household.provision_checks.get(
         provision__name="Zorgtoeslag").pk},
     expect(peer=201, other_peer=400, coordinator=201, other_coordinator=400, admin=201)),
    ("applications retrieve", "get", url(), None, expect()),
    ("applications documents", "post", url("documents/"),
     lambda w: {"documents": [{"name": "Loonstrook", "done": True}]}, expect()),
    ("applications submit", "post", url("submit/"), lambda w: {}, expect()),
    ("applications postpone", "post", url("postpone/", submitted),
     lambda w: {"decision_due_on": later(submitted(w).decision_due_on)},
     expect()),
    ("applications decide", "post", url("decide/", submitted),
     lambda w: {"decision": "granted", "granted_annual_amount": "1200.00"}, expect()),
]  # fmt: skip
