from celery import shared_task

from audit.retention import retention_run
from audit.services import access_log_purge_expired


@shared_task
def purge_access_log() -> int:
    """Daily: the access log keeps no entry past its retention period. Safe to run twice."""
    return access_log_purge_expired()


@shared_task
def anonymise_expired() -> dict[str, int]:
    """Nightly: anonymise in place what has passed its retention period. Safe to run twice."""
    return retention_run()
