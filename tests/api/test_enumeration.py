"""Nothing tells a caller which records exist outside their scope: a list filtered on the
id of another team's or municipality's record answers exactly as for an id that exists
nowhere, and errors never name a person the caller cannot see."""

import uuid

import pytest
from django.test import RequestFactory
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import get_model_field
from rest_framework.request import Request

from api.urls import router
from demo import datagen
from outreach.models import HouseholdMember, Municipality
from tests.factories import LocalOfferFactory, MunicipalityFactory, TeamFactory, UserFactory
from tests.helpers import client_for

# Another municipality's teams, people, cases and activities, none of them the callers'.
ELSEWHERE = datagen.Size(municipalities=1, households=12, visits=20, records=40, sessions=10)


def relational_filters(admin) -> list[tuple[str, str, type]]:
    """(list path, parameter, model it names) for every list filter on another record."""
    found = []
    for prefix, viewset, _basename in router.registry:
        if not hasattr(viewset, "list") or "(?P<" in prefix:
            continue
        request = Request(RequestFactory().get(f"/api/v1/{prefix}/"))
        request.user = admin
        view = viewset(action="list", request=request, format_kwarg=None, args=(), kwargs={})
        backend = next(
            (b for b in view.filter_backends if issubclass(b, DjangoFilterBackend)), None
        )
        if backend is None:
            continue
        queryset = view.get_queryset()
        filterset_class = backend().get_filterset_class(view, queryset)
        if filterset_class is None:
            continue
        for name, filter_field in filterset_class.base_filters.items():
            field = get_model_field(queryset.model, filter_field.field_name)
            if field is not None and field.is_relation:
                found.append((f"/api/v1/{prefix}/", name, field.related_model))
    return found


@pytest.fixture
def elsewhere(world, monkeypatch):
    monkeypatch.setitem(datagen.SIZES, "elsewhere", ELSEWHERE)
    datagen.generate("elsewhere")
    HouseholdMember.objects.create(household=world.other_household, label="partner")
    # An entry of another municipality's local offer, for the wishes' `offer` filter
    LocalOfferFactory(
        municipality=Municipality.objects.exclude(pk=world.household.team.municipality_id).first()
    )
    return world


def test_a_filter_answers_an_id_outside_the_callers_scope_as_one_that_does_not_exist(elsewhere):
    world = elsewhere
    callers = [client_for(world.coordinator), client_for(world.peer)]
    filters = relational_filters(world.admin)
    # The 28 relation filters the probe found, and the later ones
    assert len(filters) >= 28, filters
    tried = set()
    for path, parameter, model in filters:
        client = next(c for c in callers if c.get(path).status_code == 200)
        nowhere = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 10**6
        expected = client.get(path, {parameter: nowhere})
        for pk in model.objects.order_by("-pk").values_list("pk", flat=True)[:5]:
            answer = client.get(path, {parameter: pk})
            if answer.status_code == 200 and answer.json().get("count", 0) > 0:
                continue  # in scope, with rows: nothing hidden
            # Then an existing id with nothing to show answers as an id that exists nowhere
            assert (answer.status_code, answer.content) == (
                expected.status_code,
                expected.content,
            ), (path, parameter, pk)
            tried.add((path, parameter))
    # Every filter was tried with at least one id outside the caller's reach
    assert tried == {(p, n) for p, n, _m in filters}


@pytest.fixture
def stranger(world):
    """A peer of another municipality, with a name worth hiding."""
    team = TeamFactory(municipality=MunicipalityFactory(), name="Elders")
    return UserFactory(username="peer-boz-1", first_name="Bea", last_name="Bozkurt", team=team)


NOWHERE = 10**9


def person_requests(world):
    """(who asks, method, url, body with a person's id) for every write that names a person."""
    household = world.household
    return [
        (world.coordinator, "post", f"/api/v1/households/{household.pk}/assign/",
         lambda pk: {"lead": pk, "reason": "ziek"}),
        (world.coordinator, "post", f"/api/v1/households/{household.pk}/assign/",
         lambda pk: {"lead": world.peer.pk, "buddy": pk, "reason": "ziek"}),
        (world.coordinator, "post", "/api/v1/coordinator/caseload/reassign/",
         lambda pk: {"households": [household.pk], "lead": pk, "reason": "ziek"}),
        (world.coordinator, "post", "/api/v1/coordinator/caseload/hand-over/",
         lambda pk: {"from_peer": pk, "to_peer": world.other_peer.pk, "reason": "weg"}),
        (world.coordinator, "post", "/api/v1/coordinator/caseload/hand-over/",
         lambda pk: {"from_peer": world.peer.pk, "to_peer": pk, "reason": "weg"}),
        (world.coordinator, "post", "/api/v1/declines/",
         lambda pk: {"household": household.pk, "peer": pk, "reason": "nee"}),
        (world.coordinator, "post", "/api/v1/volunteer-months/",
         lambda pk: {"user": pk, "team": household.team_id, "month": "2026-11-01",
                     "hours": 4, "allowance": "10.00"}),
        (world.peer, "post", "/api/v1/follow-ups/",
         lambda pk: {"household": household.pk, "responsible": pk, "description": "Bellen",
                     "due_date": "2030-01-01"}),
        (world.peer, "post", "/api/v1/visits/",
         lambda pk: {"household": household.pk, "client_uuid": str(uuid.uuid4()),
                     "started_at": "2026-11-02T10:00:00Z", "kind": "home_visit",
                     "duration_minutes": 60, "peers": [pk]}),
    ]  # fmt: skip


@pytest.mark.parametrize("index", range(9))
def test_an_answer_never_names_a_person_outside_the_callers_scope(world, stranger, index):
    caller, method, url, body = person_requests(world)[index]
    client = client_for(caller)
    # When the caller names a person of another municipality, and one who exists nowhere
    named = getattr(client, method)(url, body(stranger.pk), format="json")
    unknown = getattr(client, method)(url, body(NOWHERE), format="json")
    # Then the answer names nobody, and reads exactly as for the one who exists nowhere
    assert named.status_code == 400, named.content
    assert len(named.json()) == 1, named.content  # only the person is refused
    text = named.content.decode()
    assert "boz" not in text.lower() and "Bea" not in text, text
    assert (named.status_code, text.replace(str(stranger.pk), "<id>")) == (
        unknown.status_code,
        unknown.content.decode().replace(str(NOWHERE), "<id>"),
    )
