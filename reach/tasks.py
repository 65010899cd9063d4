from celery import shared_task

from reach.services import reach_refresh_all


@shared_task(name="reach.tasks.refresh_reach_figures")
def refresh_reach_figures() -> int:
    """Nightly: recompute every municipality's published figures. Safe to run twice."""
    return len(reach_refresh_all())
