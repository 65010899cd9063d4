"""The embedded worker for a machine without Celery: runs the periodic jobs of Celery beat's
schedule (reminders and peer reminders, retention, the reach refresh, the access-log purge)
at their times, and sends what is due, every few seconds, with the same functions the
Celery tasks call."""

import signal
import time

from django.core.management.base import BaseCommand

from notifications.schedule import jobs_run_due
from notifications.services.outbox import dispatch_due


class Command(BaseCommand):
    help = "Run the periodic jobs and send text messages until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One round, then stop.")
        parser.add_argument("--interval", type=float, default=15.0, help="Seconds between rounds.")
        parser.add_argument(
            "--batch", type=int, default=5, help="Messages a sender claims at a time."
        )

    def handle(self, *args, once=False, interval=15.0, batch=5, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while not self.stopping:
            ran = jobs_run_due()
            sent = dispatch_due(batch_size=batch)
            if ran or sent:
                self.stdout.write(f"outbox: jobs {', '.join(ran) or '-'}; {sent} sent")
            if once:
                break
            time.sleep(interval)

    def _stop(self, *args):
        self.stopping = True
