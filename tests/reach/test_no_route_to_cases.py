"""The municipality role reaches no case record by any route: every URL the project
serves, with any id filled in, answers without a household's details."""

import pytest
from django.utils import timezone

from tests.helpers import client_for
from tests.routes import concrete, every_route


@pytest.fixture
def records(world):
    """Beside the world's households (with visits, wishes, checks, follow-ups): a participant
    of the cooking group with a message, attendance and a wish it realised; a signal."""
    from notifications.models import (
        Activity,
        Attendance,
        Enrolment,
        OutboxMessage,
        Participant,
        Session,
        WishFulfilment,
    )
    from outreach.models import SignalTheme
    from outreach.services.signals import signal_record

    team, household = world.household.team, world.household
    participant = Participant.objects.create(
        team=team, name="Truus Onvindbaar", phone="+31687654321", household=household
    )
    activity = Activity.objects.create(team=team, name="Kookgroep De Kroon")
    Enrolment.objects.create(activity=activity, participant=participant)
    session = Session.objects.create(activity=activity, starts_at=timezone.now())
    Attendance.objects.create(session=session, participant=participant)
    WishFulfilment.objects.create(wish=household.wishes.first(), activity=activity)
    OutboxMessage.objects.create(
        idempotency_key="secret-1", kind="reminder", to=participant.phone,
        body="Tot morgen bij de kookgroep, Truus", team=team, participant=participant,
    )  # fmt: skip
    signal_record(
        team=team, theme=SignalTheme.objects.create(name="Schimmel"),
        neighbourhood_code="BU16740101", description="Schimmel in de flats aan de Kade",
        households_concerned=12, recorded_by=world.coordinator,
    )  # fmt: skip
    return participant


def fingerprint() -> dict[str, list]:
    """Every row of every table of the case record and of the activities part."""
    from django.apps import apps

    rows = {}
    for label in ("outreach", "notifications"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.model_name in ("user", "historicaluser", "apitoken"):
                continue  # logging in touches the user and token rows; no case record
            rows[model._meta.db_table] = sorted(map(repr, model.objects.values_list()))
    return rows


def test_the_municipality_reaches_no_case_record_by_any_route(world, records):
    # Given the municipality's user and the households of both teams, a participant of an
    # activity with a message, and a signal; every id of those records at hand
    client = client_for(world.municipality_user)
    client.force_login(world.municipality_user)  # pages too, not only the API
    households = [world.household, world.other_household]
    secrets = [h.contact_name for h in households] + [h.reference for h in households]
    secrets += [h.phone for h in households if h.phone]
    secrets += [records.name, records.phone, "Tot morgen", "Schimmel in de flats"]
    ids = sorted(
        {str(pk) for table in ("outreach", "notifications") for pk in _pks(table)}, key=int
    )
    ids += [str(h.visits.first().client_uuid) for h in households]
    # (format-suffix twins like households.json answer as their plain route does)
    plain = [route for route in every_route() if "(?P<format>" not in route]
    reads = [url for route in plain for url in concrete(route, ids)]
    own = [str(world.household.pk), str(world.household.visits.first().client_uuid)]
    writes = [url for route in plain for url in concrete(route, own)]
    assert len(plain) > 40
    before = fingerprint()
    # When every route is read with every id, and written to with the household's
    requests = [("get", url) for url in reads] + [
        (method, url) for url in writes for method in ("post", "put", "patch", "delete")
    ]
    for method, url in requests:
        if "logout" in url or "setlang" in url:
            continue
        response = getattr(client, method)(url, {}, format="json")
        # Then none answers with a household's or a participant's details
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", errors="ignore")
        assert not [secret for secret in secrets if secret in text], (method, url)
    # And the detector works: the team's coordinator does see them on the same routes
    coordinator = client_for(world.coordinator)
    seen = coordinator.get(f"/api/v1/households/{world.household.pk}/").content.decode()
    assert world.household.contact_name in seen
    seen = coordinator.get(f"/api/v1/participants/{records.pk}/").content.decode()
    assert records.name in seen
    # And nothing of the case record or the activities changed
    assert fingerprint() == before


def _pks(app_label: str) -> set[int]:
    from django.apps import apps

    found = set()
    for model in apps.get_app_config(app_label).get_models():
        if model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField"):
            found |= set(model.objects.values_list("pk", flat=True)[:50])
    return found
