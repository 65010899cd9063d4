"""Celery tasks: thin, idempotent wrappers around the services (safe to run twice)."""

from celery import shared_task

from notifications.services import outbox, planning


@shared_task(name="notifications.dispatch_due", acks_late=True)
def dispatch_due() -> int:
    return outbox.dispatch_due()


@shared_task(name="notifications.plan_reminders", acks_late=True)
def plan_reminders() -> int:
    return planning.reminders_plan()


@shared_task(name="notifications.remind_peers", acks_late=True)
def remind_peers() -> int:
    return planning.peers_remind_overdue()
