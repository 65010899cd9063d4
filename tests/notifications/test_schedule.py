"""One schedule for Celery beat and the embedded worker (`manage.py run_outbox`): daily jobs
at their time of day, once a day, however often the scheduler restarts; what the
scheduler was down for is run once when it comes back."""

import copy
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from notifications.models import PeriodicJobRun
from notifications.schedule import DatabaseScheduler, jobs_run_due
from outreach.models import Household
from tests.factories import HouseholdFactory

DAILY = {
    "retention-anonymise-expired",
    "reach-refresh-nightly",
    "audit-purge-access-log",
    "sms-remind-peers",
}


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(2030, 3, day, hour, minute))


def test_every_daily_job_runs_at_a_time_of_day_and_nothing_waits_a_day_from_start():
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        if name in DAILY:
            assert isinstance(entry["schedule"], crontab), name
        else:
            assert float(entry["schedule"]) < 3600, name


class RecordingScheduler(DatabaseScheduler):
    """The real scheduler, with the broker replaced by a list of what it sent and when."""

    producer = None  # nothing is sent anywhere

    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        self.sent.append((entry.name, self.app.now()))


def beat_runs(app, clock: list, until: datetime, sent: list) -> None:
    """One beat process from clock[0] until `until`, then stopped."""
    scheduler = RecordingScheduler(app=app)
    scheduler.sent = sent
    while clock[0] < until:
        delay = scheduler.tick()
        clock[0] = min(until, clock[0] + timedelta(seconds=max(delay, 1)))


# Beat runs outside any transaction (it closes a connection left in one, as Django does).
@pytest.mark.django_db(transaction=True)
def test_beat_runs_each_daily_job_at_its_time_once_a_day_across_restarts():
    # Given beat with the project's daily jobs, on a clock of its own
    app = Celery("beat-under-test", set_as_current=False)
    app.conf.timezone = settings.CELERY_TIMEZONE
    app.conf.beat_schedule = {
        name: copy.deepcopy(entry)
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if name in DAILY
    }
    clock = [local(11, 10)]
    app.now = lambda: clock[0]
    sent = []
    # When beat first starts mid-morning, is restarted twice in the night (new containers,
    # nothing kept on disk), and is down from 03:00 to 05:00 the night after
    beat_runs(app, clock, local(11, 23), sent)
    beat_runs(app, clock, local(12, 4, 5), sent)
    beat_runs(app, clock, local(12, 4, 30), sent)
    beat_runs(app, clock, local(13, 3), sent)
    clock[0] = local(13, 5)
    beat_runs(app, clock, local(13, 12), sent)
    runs = {}
    for name, at in sent:
        runs.setdefault(name, []).append(timezone.localtime(at).strftime("%d %H:%M"))
    # Then each daily job ran once a day at its time, none at beat's start, and what beat
    # was down for ran once when it came back
    assert runs["retention-anonymise-expired"] == ["12 04:07", "13 05:00"]
    assert runs["audit-purge-access-log"] == ["12 03:37", "13 05:00"]
    assert runs["reach-refresh-nightly"] == ["12 05:17", "13 05:17"]
    assert runs["sms-remind-peers"] == ["12 09:05", "13 09:05"]


def test_the_embedded_worker_runs_each_daily_job_once_a_day_at_its_time(db):
    # Given the embedded worker first started on an evening
    assert "retention-anonymise-expired" not in jobs_run_due(now=local(11, 20))
    # Then the night's jobs run at their time, once, however often it restarts
    assert "retention-anonymise-expired" not in jobs_run_due(now=local(12, 4, 6))
    assert "retention-anonymise-expired" in jobs_run_due(now=local(12, 4, 8))
    assert "retention-anonymise-expired" not in jobs_run_due(now=local(12, 4, 9))
    assert "retention-anonymise-expired" not in jobs_run_due(now=local(12, 23))
    # and a night it was off for is caught up once when it starts again
    ran = jobs_run_due(now=local(14, 8))
    assert {"retention-anonymise-expired", "reach-refresh-nightly"} <= set(ran)
    assert "retention-anonymise-expired" not in jobs_run_due(now=local(14, 9))


def expired_closed_case(team) -> Household:
    household = HouseholdFactory(team=team, contact_name="Verlopen zaak")
    Household.objects.filter(pk=household.pk).update(
        status="closed", closed_at=timezone.now() - timedelta(days=400)
    )
    return household


def test_the_embedded_worker_anonymises_an_expired_closed_case(world, settings):
    settings.RETENTION_MONTHS_AFTER_CLOSE = 12
    settings.SMS_BACKEND = "console"
    expired = expired_closed_case(world.household.team)
    # Given the embedded worker last ran the nightly retention two days ago
    PeriodicJobRun.objects.create(
        name="retention-anonymise-expired", last_run_at=timezone.now() - timedelta(days=2)
    )
    # When it runs a round
    call_command("run_outbox", "--once")
    # Then the expired closed case is anonymised in place
    expired.refresh_from_db()
    assert expired.anonymised_at is not None and expired.contact_name != "Verlopen zaak"
    # and a restart the same day does not run the retention again
    later = expired_closed_case(world.household.team)
    call_command("run_outbox", "--once")
    later.refresh_from_db()
    assert later.anonymised_at is None


def test_compose_runs_exactly_one_beat_with_a_health_check_and_no_beat_in_a_worker():
    services = yaml.safe_load((Path(settings.BASE_DIR) / "compose.yaml").read_text())["services"]
    beat = services["beat"]
    # One beat service, never scaled, healthy while it ticks, its schedule not on its disk
    assert beat["command"][:3] == ["celery", "--app=config", "beat"]
    assert beat["deploy"]["replicas"] == 1
    assert "inspect ping --destination=celerybeat@" in " ".join(beat["healthcheck"]["test"])
    assert not any("schedule" in part for part in beat["command"])
    assert settings.CELERY_BEAT_SCHEDULER == "notifications.schedule:DatabaseScheduler"
    # and no other service starts a beat of its own
    for name, service in services.items():
        command = " ".join(service.get("command", []))
        assert name == "beat" or ("beat" not in command and "-B" not in command.split()), name
