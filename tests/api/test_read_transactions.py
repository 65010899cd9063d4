"""API reads run without a database transaction on PostgreSQL (their BEGIN and COMMIT were
two round trips for nothing), writes keep theirs: what fails half-way leaves nothing behind.
On SQLite every request keeps its transaction (tests/embedded/test_sqlite_transactions.py)."""

import pytest
from django.db import connection
from django.test import RequestFactory
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import AccessAction, AccessLog
from outreach.db import transaction_for_writes
from outreach.models import Provision
from tests.helpers import client_for

pytestmark = pytest.mark.django_db(transaction=True)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


class Probe(APIView):
    """Notes whether it ran in a transaction; a POST writes a row and may then fail."""

    authentication_classes = permission_classes = ()
    seen: list[bool] = []

    def get(self, request):
        Probe.seen.append(connection.in_atomic_block)
        return Response({})

    def post(self, request):
        Probe.seen.append(connection.in_atomic_block)
        Provision.objects.create(name="written half-way", level="national")
        if request.data.get("fail"):
            raise ValidationError("refused after a write")
        return Response({}, status=201)


probe = transaction_for_writes(Probe.as_view())


def call(method: str, **data):
    Probe.seen.clear()
    factory = RequestFactory()
    request = getattr(factory, method)("/probe/", data, content_type="application/json")
    return probe(request).status_code, Probe.seen[0]


@on_postgresql
def test_a_read_runs_without_a_transaction_on_postgresql():
    assert call("get") == (200, False)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_a_read_keeps_its_transaction_on_sqlite():
    assert call("get") == (200, True)


def test_a_read_keeps_its_transaction_when_the_setting_says_so(settings):
    settings.READS_WITHOUT_TRANSACTION = False
    assert call("get") == (200, True)


def test_a_write_runs_in_a_transaction_and_is_kept():
    assert call("post") == (201, True)
    assert Provision.objects.filter(name="written half-way").exists()


def test_a_write_refused_after_it_wrote_leaves_nothing_behind():
    assert call("post", fail=True) == (400, True)
    assert not Provision.objects.filter(name="written half-way").exists()


def test_an_api_read_is_still_in_the_access_log(world):
    response = client_for(world.peer).get(f"/api/v1/households/{world.household.pk}/")
    assert response.status_code == 200
    assert AccessLog.objects.filter(
        action=AccessAction.VIEW_HOUSEHOLD, household=world.household, user=world.peer
    ).exists()
