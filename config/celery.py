"""The Celery app. In production: any number of `celery -A config worker` and exactly one
`celery -A config beat` (compose.yaml); never `worker --beat`, which would start a beat
with every worker.

Tasks live in each app's tasks.py and are found by autodiscovery; settings come from
Django's settings under the CELERY_ prefix (the schedule: CELERY_BEAT_SCHEDULE, run by
beat and by the embedded worker `manage.py run_outbox` alike)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("outreach")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
