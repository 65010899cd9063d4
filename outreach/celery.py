"""The Celery app: `celery -A outreach worker --beat` in production.

Tasks live in each app's tasks.py and are found by autodiscovery; settings come from
Django's settings under the CELERY_ prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings")

app = Celery("outreach")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
