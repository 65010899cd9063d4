"""When each periodic job last ran, kept in the database so that Celery beat and the
embedded worker find it again after a restart (notifications/schedule.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicJobRun(models.Model):
    """One entry of CELERY_BEAT_SCHEDULE and the moment it was last started. A daily job
    runs at its next time of day after this moment: once a day, however often the
    scheduler restarts, and once more straight away when the scheduler was down at its
    time."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_run_at = models.DateTimeField(_("last started"))

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")

    def __str__(self):
        return self.name
