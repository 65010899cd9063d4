"""The periodic jobs of CELERY_BEAT_SCHEDULE, run from one schedule by Celery beat (with a
broker) or by the embedded worker (`manage.py run_outbox`, without one).

When each job last started is kept in the database (PeriodicJobRun), so a new beat
container or a restarted embedded worker carries on where the last one stopped: a daily
job (a crontab, a time of day) runs once a day at its time, and once, straight away, when
the scheduler was down at that time. A job seen for the first time starts counting from
that moment, as under Celery beat: a daily job waits for its time of day, an interval job
(planning reminders, sending) runs straight away."""

import copy
import logging
from datetime import datetime

# The project's app (config/celery.py) is the current one once Django's settings are
# loaded; taken from Celery so that this app does not import the project's wiring.
from celery import current_app as celery_app
from celery.beat import Scheduler
from celery.schedules import maybe_schedule, schedule
from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from notifications.models import PeriodicJobRun

logger = logging.getLogger(__name__)

# The embedded worker sends what is due in every round anyway.
EVERY_ROUND = {"notifications.dispatch_due"}


def _schedule(spec: dict):
    return maybe_schedule(spec["schedule"], app=celery_app)


def _last_runs(now: datetime) -> dict[str, datetime]:
    """When each job last started. A job never seen before is recorded as if it had started
    now (a daily job waits for its time), or one interval ago (it is due now)."""
    stored = dict(PeriodicJobRun.objects.values_list("name", "last_run_at"))
    for name, spec in settings.CELERY_BEAT_SCHEDULE.items():
        if name not in stored:
            every = _schedule(spec)
            first = now - every.run_every if isinstance(every, schedule) else now
            try:
                with transaction.atomic():
                    PeriodicJobRun.objects.create(name=name, last_run_at=first)
                stored[name] = first
            except IntegrityError:  # recorded by another process at the same moment
                stored[name] = PeriodicJobRun.objects.get(name=name).last_run_at
    return stored


def _is_due(spec: dict, last_run_at: datetime, now: datetime) -> bool:
    every = copy.copy(_schedule(spec))
    every.nowfun = lambda: now
    return every.is_due(last_run_at).is_due


def _take_turn(name: str, last_run_at: datetime, now: datetime) -> bool:
    """Record the start, unless another process started this run first."""
    return bool(
        PeriodicJobRun.objects.filter(name=name, last_run_at=last_run_at).update(last_run_at=now)
    )


def jobs_run_due(*, now: datetime | None = None) -> list[str]:
    """Run, in this process, every periodic job that is due (the embedded worker's beat).
    Returns the names of the jobs run. A job that fails is logged and waits for its next
    time, as under beat."""
    now = now or timezone.now()
    autodiscover_modules("tasks")  # every app's tasks, as the Celery worker finds them
    ran = []
    for name, last_run_at in _last_runs(now).items():
        spec = settings.CELERY_BEAT_SCHEDULE.get(name)
        if spec is None or spec["task"] in EVERY_ROUND or not _is_due(spec, last_run_at, now):
            continue
        if not _take_turn(name, last_run_at, now):
            continue
        try:
            celery_app.tasks[spec["task"]](*spec.get("args", ()), **spec.get("kwargs", {}))
        except Exception:
            logger.exception("Periodic job %s failed", name)
        ran.append(name)
    return ran


class DatabaseScheduler(Scheduler):
    """Celery beat's scheduler with the last runs in the database instead of a file."""

    def setup_schedule(self):
        super().setup_schedule()
        close_old_connections()
        stored = _last_runs(self.app.now())
        for name, entry in self.schedule.items():
            if name in stored:
                entry.last_run_at = stored[name]

    def reserve(self, entry):
        new_entry = super().reserve(entry)
        close_old_connections()  # beat runs for weeks; the database may have restarted
        PeriodicJobRun.objects.update_or_create(
            name=entry.name, defaults={"last_run_at": new_entry.last_run_at}
        )
        return new_entry
