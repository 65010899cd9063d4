from django.conf import settings
from django.core.management.base import BaseCommand

from outreach.services.households import households_purge_expired


class Command(BaseCommand):
    help = (
        "Erase cases closed longer ago than RETENTION_MONTHS_AFTER_CLOSE, history included. "
        "Run daily (cron or the scheduler)."
    )

    def handle(self, *args, **options):
        erased = households_purge_expired()
        self.stdout.write(
            f"Erased {erased} case(s) closed more than "
            f"{settings.RETENTION_MONTHS_AFTER_CLOSE} months ago."
        )
