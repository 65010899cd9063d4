"""Activity and SMS lists cost the same number of queries for one row and for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import OutboxMessage
from tests.helpers import client_for
from tests.notifications.helpers import make_group

LISTS = ["/api/v1/activities/", "/api/v1/sessions/", "/api/v1/participants/",
         "/api/v1/enrolments/", "/api/v1/outbox/", "/notifications/activities/",
         "/notifications/outbox/"]  # fmt: skip


def add_groups(world, count):
    for n in range(count):
        group = make_group(world.household.team, now=timezone.now())
        OutboxMessage.objects.create(
            idempotency_key=f"q{group.activity.pk}-{n}", kind="reminder", to="+31611111111",
            body="Hoi", team=world.household.team, participant=group.regular,
        )  # fmt: skip


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", LISTS)
def test_list_query_count_does_not_grow_with_the_rows(world, url, client):
    api = client_for(world.coordinator)
    client.force_login(world.coordinator)
    caller = client if url.startswith("/notifications/") else api
    add_groups(world, 1)
    with_one = count_queries(caller, url)
    add_groups(world, 8)
    assert count_queries(caller, url) <= with_one


def test_activity_list_is_three_queries_and_the_request_savepoint(
    world, django_assert_max_num_queries
):
    add_groups(world, 5)
    client = client_for(world.coordinator)
    client.get("/api/v1/activities/")  # first request of the process loads caches
    # token, count, page; plus SAVEPOINT/RELEASE of the request's transaction
    with django_assert_max_num_queries(5):
        assert client.get("/api/v1/activities/").status_code == 200
