from django.conf import settings
from django.core.management.base import BaseCommand

from audit.retention import retention_run


class Command(BaseCommand):
    help = (
        "Anonymise in place what has passed its retention period: cases closed longer ago "
        "than RETENTION_MONTHS_AFTER_CLOSE (with their records, history and messages), "
        "participants inactive for RETENTION_PARTICIPANT_MONTHS_INACTIVE, and "
        "text messages older than RETENTION_SMS_OUTBOX_MONTHS / RETENTION_SMS_INBOUND_MONTHS. "
        "Run daily (the scheduler does, see CELERY_BEAT_SCHEDULE); safe to run twice."
    )

    def handle(self, *args, **options):
        counts = retention_run()
        self.stdout.write(
            f"Anonymised {counts['households']} case(s) closed more than "
            f"{settings.RETENTION_MONTHS_AFTER_CLOSE} months ago, "
            f"{counts['participants']} inactive participant(s), "
            f"{counts['outbox']} sent and {counts['inbound']} received text message(s)."
        )
