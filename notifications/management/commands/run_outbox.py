"""The in-process worker for a machine without Celery: plans reminders and peer reminders
and sends what is due, every few seconds, with the same functions the Celery tasks call."""

import signal
import time

from django.core.management.base import BaseCommand

from notifications.services.outbox import dispatch_due
from notifications.services.planning import peers_remind_overdue, reminders_plan


class Command(BaseCommand):
    help = "Plan and send text messages (reminders, appreciation) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One round, then stop.")
        parser.add_argument("--interval", type=float, default=15.0, help="Seconds between rounds.")
        parser.add_argument("--batch", type=int, default=100, help="Messages per round at most.")

    def handle(self, *args, once=False, interval=15.0, batch=100, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while not self.stopping:
            planned = reminders_plan() + peers_remind_overdue()
            sent = dispatch_due(batch_size=batch)
            if planned or sent:
                self.stdout.write(f"outbox: {planned} planned, {sent} sent")
            if once:
                break
            time.sleep(interval)

    def _stop(self, *args):
        self.stopping = True
