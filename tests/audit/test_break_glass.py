"""A coordinator opens a case of another team only by stating a reason, only for the
configured time, and the administrator sees it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AccessAction, AccessLog, BreakGlassGrant
from tests.factories import HouseholdFactory, MunicipalityFactory, TeamFactory
from tests.helpers import client_for

REASON = "Lead peer is ill and the household called about an eviction"


def break_glass(client, household, reason=REASON):
    return client.post(
        "/api/v1/break-glass/", {"reference": household.reference, "reason": reason}, format="json"
    )


def test_with_a_reason_the_coordinator_opens_a_case_of_another_team(world, settings):
    settings.AUDIT_BREAK_GLASS_HOURS = 3
    client = client_for(world.coordinator)
    url = f"/api/v1/households/{world.other_household.pk}/"
    assert client.get(url).status_code == 404
    # When they break the glass with a reason
    response = break_glass(client, world.other_household)
    # Then the case opens, for three hours, and the reason is on record
    assert response.status_code == 201, response.content
    grant = BreakGlassGrant.objects.get()
    assert grant.expires_at - grant.granted_at == timedelta(hours=3)
    assert response.json()["is_active"] is True
    assert client.get(url).status_code == 200
    assert client.get(f"/api/v1/visits/?household={world.other_household.pk}").json()["count"]
    logged = AccessLog.objects.get(action=AccessAction.BREAK_GLASS)
    assert logged.user == world.coordinator and logged.detail == REASON
    assert logged.household == world.other_household


@pytest.mark.parametrize("reason", ["", "   ", "because"])
def test_without_a_real_reason_the_glass_stays_whole(world, reason):
    client = client_for(world.coordinator)
    response = break_glass(client, world.other_household, reason)
    assert response.status_code == 400
    assert "reason" in response.json()
    assert not BreakGlassGrant.objects.exists()
    assert client.get(f"/api/v1/households/{world.other_household.pk}/").status_code == 404


def test_the_case_closes_again_when_the_time_is_up(world):
    client = client_for(world.coordinator)
    break_glass(client, world.other_household)
    BreakGlassGrant.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/api/v1/households/{world.other_household.pk}/").status_code == 404
    assert client.get("/api/v1/break-glass/").json()["results"][0]["is_active"] is False


def test_ending_a_grant_early_closes_the_case(world):
    client = client_for(world.coordinator)
    grant_id = break_glass(client, world.other_household).json()["id"]
    assert client.post(f"/api/v1/break-glass/{grant_id}/end/").status_code == 200
    assert client.get(f"/api/v1/households/{world.other_household.pk}/").status_code == 404


def test_the_glass_opens_only_cases_of_the_own_municipality(world):
    elsewhere = TeamFactory(municipality=MunicipalityFactory(code="GM0363", name="Amsterdam"))
    household = HouseholdFactory(team=elsewhere)
    response = break_glass(client_for(world.coordinator), household)
    assert response.status_code == 400
    assert "reference" in response.json()
    unknown = client_for(world.coordinator).post(
        "/api/v1/break-glass/", {"reference": "HH-1900-00001", "reason": REASON}, format="json"
    )
    assert unknown.json() == response.json()


def test_peers_cannot_break_the_glass(world):
    assert break_glass(client_for(world.peer), world.other_household).status_code == 404
    assert not BreakGlassGrant.objects.exists()


def test_the_admin_sees_every_grant_and_the_team_sees_it_in_its_access_log(world):
    break_glass(client_for(world.coordinator), world.other_household)
    grants = client_for(world.admin).get("/api/v1/break-glass/").json()["results"]
    assert [(g["username"], g["household_reference"], g["reason"]) for g in grants] == [
        ("coord-noord", world.other_household.reference, REASON)
    ]
    assert client_for(world.other_coordinator).get("/api/v1/break-glass/").json()["count"] == 0
    log = client_for(world.other_coordinator).get("/api/v1/access-log/?action=break_glass")
    assert log.json()["results"][0]["username"] == "coord-noord"


def test_break_glass_does_not_give_the_team_coordinators_powers(world):
    client = client_for(world.coordinator)
    break_glass(client, world.other_household)
    response = client.post(
        f"/api/v1/households/{world.other_household.pk}/close/", {"reason": "goals_reached"}
    )
    assert response.status_code == 403
    export = client.get(f"/api/v1/households/{world.other_household.pk}/export/")
    assert export.status_code == 403
