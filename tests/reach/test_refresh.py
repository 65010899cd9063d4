"""The store is refreshed on a schedule (Celery beat, every night) and on demand (the
management command, the admin's action), each replacing the municipality's figures."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from reach.models import ReachCell, ReachSnapshot
from tests.factories import MunicipalityFactory, TeamFactory


def test_beat_runs_the_refresh_every_night_at_the_configured_hour():
    from config.celery import app

    entry = app.conf.beat_schedule["reach-refresh-nightly"]
    # The task beat names is one the worker knows
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    schedule = entry["schedule"]
    assert schedule.hour == {settings.REACH_REFRESH_HOUR}
    assert len(schedule.minute) == 1 and schedule.day_of_week == set(range(7))
    assert app.conf.timezone == "Europe/Amsterdam"


def test_the_nightly_task_refreshes_every_municipality_and_may_run_twice(fixed_data):
    from reach.tasks import refresh_reach_figures

    # When the scheduled task runs (twice, as a retried task might)
    assert refresh_reach_figures.delay().get() == 1
    first = set(ReachCell.objects.values_list("measure", "period", "area", "value"))
    assert refresh_reach_figures.delay().get() == 1
    # Then one snapshot holds the figures, the same both times
    assert ReachSnapshot.objects.count() == 1
    assert set(ReachCell.objects.values_list("measure", "period", "area", "value")) == first


def test_the_nightly_task_gives_each_municipality_a_task_of_its_own(fixed_data, monkeypatch):
    from reach import tasks

    other = TeamFactory(municipality=MunicipalityFactory(code="GM0001", name="Elders"))
    queued = []
    monkeypatch.setattr(tasks.refresh_municipality_figures, "delay", queued.append)
    # When the nightly task runs, it queues one refresh per municipality with a team
    assert tasks.refresh_reach_figures() == 2
    assert sorted(queued) == sorted(
        [fixed_data.household.team.municipality_id, other.municipality_id]
    )
    # And one such task refreshes that municipality only
    assert tasks.refresh_municipality_figures.run(other.municipality_id) == "GM0001"
    assert set(ReachSnapshot.objects.values_list("municipality_code", flat=True)) == {"GM0001"}
    # A municipality removed since it was queued is skipped
    assert tasks.refresh_municipality_figures.run(999_999) == ""


def test_an_operator_refreshes_one_municipality_on_demand(fixed_data, capsys):
    code = fixed_data.household.team.municipality.code
    call_command("refresh_reach", municipality=code)
    assert f"{code}: " in capsys.readouterr().out
    assert ReachSnapshot.objects.get().refreshed_at > timezone.now() - timezone.timedelta(minutes=1)
    with pytest.raises(CommandError):
        call_command("refresh_reach", municipality="GM0000")


def test_an_admin_refreshes_the_figures_from_the_admin(client, refreshed):
    # Given figures refreshed earlier and a household registered since
    from tests.factories import HouseholdFactory

    snapshot = ReachSnapshot.objects.get()
    ReachSnapshot.objects.filter(pk=snapshot.pk).update(
        refreshed_at=timezone.now() - timezone.timedelta(days=1)
    )
    HouseholdFactory(team=refreshed.household.team)
    client.force_login(refreshed.admin)
    # When the admin chooses "refresh now"
    response = client.post(
        "/admin/reach/reachsnapshot/",
        {"action": "refresh_now", "_selected_action": [snapshot.pk]},
        follow=True,
    )
    # Then the figures are made again, now
    assert response.status_code == 200
    snapshot.refresh_from_db()
    assert snapshot.refreshed_at > timezone.now() - timezone.timedelta(minutes=1)


def test_only_an_admin_reaches_the_refresh_action(client, refreshed):
    snapshot = ReachSnapshot.objects.get()
    before = snapshot.refreshed_at
    for user in (refreshed.municipality_user, refreshed.coordinator):
        client.force_login(user)
        client.post(
            "/admin/reach/reachsnapshot/",
            {"action": "refresh_now", "_selected_action": [snapshot.pk]},
        )
    snapshot.refresh_from_db()
    assert snapshot.refreshed_at == before
