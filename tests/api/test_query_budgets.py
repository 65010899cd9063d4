"""Fixed query budgets per endpoint: a list costs at most 4 queries of its own, a detail 3,
a create 5 (logging a visit 7), whatever the page size and however much data there is
(bench/README.md).

Counted are the endpoint's own queries: not what every API request costs whatever it
asks (the transaction's BEGIN, COMMIT and savepoints, the token lookup, and the access
log's insert). The suite's other tests show the count does not grow with the page size
(test_query_counts.py); these pin the number itself, with 60 rows of everything."""

import re
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Activity, Attendance, Enrolment, Participant, Session
from outreach.models import Appreciation, Provision
from tests.api.helpers import add_rows
from tests.helpers import client_for

PER_REQUEST = re.compile(
    r'^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)|FROM "outreach_apitoken"'
    r'|^INSERT INTO "audit_accesslog"'
)
LIST_BUDGET, DETAIL_BUDGET, CREATE_BUDGET = 4, 3, 5

LISTS = [
    "households", "visits", "wishes", "provision-checks", "follow-ups", "consents", "users",
    "teams", "provisions", "activities", "sessions", "participants", "enrolments", "outbox",
    "declines", "conflicts", "signals", "coordinator/intake", "coordinator/workload",
    "coordinator/overdue-follow-ups", "appreciations", "appreciations/milestones",
]  # fmt: skip
NO_DETAIL = {"enrolments", "coordinator/workload"}


def own_queries(client, method, url, body=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, body, format="json")
    assert response.status_code < 400, (url, response.status_code, response.content[:300])
    mine = [q["sql"] for q in captured.captured_queries if not PER_REQUEST.search(q["sql"])]
    return response, mine


@pytest.fixture
def lots(world):
    add_rows(world, 60)
    team = world.household.team
    activity = Activity.objects.create(team=team, name="Kookgroep")
    start = timezone.now() - timedelta(days=400)
    for number in range(60):
        participant = Participant.objects.create(team=team, name=f"Deelnemer {number}")
        Enrolment.objects.create(activity=activity, participant=participant)
        session = Session.objects.create(
            activity=activity, starts_at=start + timedelta(weeks=number)
        )
        Attendance.objects.create(session=session, participant=participant)
    Appreciation.objects.bulk_create(
        Appreciation(team=team, peer=world.peer, sent_by=world.coordinator, message="Dank!")
        for _ in range(60)
    )
    return world


@pytest.mark.parametrize("endpoint", LISTS)
def test_a_list_and_a_detail_stay_within_their_budget(lots, endpoint):
    client = client_for(lots.coordinator)
    response, mine = own_queries(client, "get", f"/api/v1/{endpoint}/?page_size=50")
    assert len(mine) <= LIST_BUDGET, mine
    rows = response.json().get("results", response.json())
    if endpoint not in NO_DETAIL and rows and "id" in rows[0]:
        _response, mine = own_queries(client, "get", f"/api/v1/{endpoint}/{rows[0]['id']}/")
        assert len(mine) <= DETAIL_BUDGET, mine


def new_records(world):
    household = world.household.pk
    return {
        "wishes": {"household": household, "category": "sport", "description": "Voetbal"},
        "follow-ups": {"household": household, "description": "Bellen", "due_date": "2026-12-20"},
        "provision-checks": {
            "household": household,
            "provision": Provision.objects.filter(active=True).first().pk,
            "outcome": "non_use_found",
        },
    }


@pytest.mark.parametrize("endpoint", ["wishes", "follow-ups", "provision-checks"])
def test_a_create_stays_within_its_budget(lots, endpoint):
    _response, mine = own_queries(
        client_for(lots.peer), "post", f"/api/v1/{endpoint}/", new_records(lots)[endpoint]
    )
    assert len(mine) <= CREATE_BUDGET, mine


# Logging a visit: reading the household with whether its home-visit consent stands (no visit
# to a household that wants no contact), the team check of who was there (the ids named are not
# looked up first), writing the visit, its peers, its one history entry, simple-history
# reading the peers back and writing the entry's peers. The answer's peers are not read again.
VISIT_CREATE_BUDGET = 7


@pytest.mark.parametrize("named", [False, True], ids=["the one logging", "peer and buddy named"])
def test_logging_a_visit_stays_within_the_create_budget(lots, named):
    body = {
        "household": lots.household.pk,
        "client_uuid": str(uuid.uuid4()),
        "kind": "home_visit",
        "duration_minutes": 30,
    }
    if named:
        body["peers"] = [lots.peer.pk, lots.buddy.pk]
    response, mine = own_queries(client_for(lots.peer), "post", "/api/v1/visits/", body)
    assert len(mine) <= VISIT_CREATE_BUDGET, mine
    assert len(response.json()["peers"]) == (2 if named else 1)
