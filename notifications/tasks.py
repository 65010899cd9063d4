"""Celery tasks: thin, idempotent wrappers around the services (safe to run twice)."""

from celery import shared_task
from django.conf import settings

from notifications.services import outbox, planning


@shared_task(name="notifications.dispatch_due", acks_late=True)
def dispatch_due() -> int:
    """Send what is due. With more due than this worker sends at once, first ask for one
    more dispatch, which an idle worker picks up (and which, finding still more, asks for
    the next): every worker helps while there is work, and none is asked for when there is
    none."""
    if not settings.CELERY_TASK_ALWAYS_EAGER and outbox.due_count() > settings.SMS_SEND_CONCURRENCY:
        dispatch_due.delay()
    return outbox.dispatch_due()


@shared_task(name="notifications.plan_reminders", acks_late=True)
def plan_reminders() -> int:
    return planning.reminders_plan()


@shared_task(name="notifications.remind_peers", acks_late=True)
def remind_peers() -> int:
    return planning.peers_remind_overdue()
