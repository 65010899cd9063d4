from django.conf import settings
from django.core.management.base import BaseCommand

from audit.services import access_log_purge_expired


class Command(BaseCommand):
    help = (
        "Delete access-log entries older than AUDIT_ACCESS_LOG_RETENTION_MONTHS. Run daily "
        "(the scheduler does, see CELERY_BEAT_SCHEDULE)."
    )

    def handle(self, *args, **options):
        deleted = access_log_purge_expired()
        self.stdout.write(
            f"Deleted {deleted} access-log entries older than "
            f"{settings.AUDIT_ACCESS_LOG_RETENTION_MONTHS} months."
        )
