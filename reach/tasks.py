from celery import shared_task

from outreach.models import Municipality
from reach.services import municipalities_with_teams, reach_refresh


@shared_task(name="reach.tasks.refresh_reach_figures")
def refresh_reach_figures() -> int:
    """Nightly: a refresh task per municipality, so that the workers share the night's
    work (a national refresh in one task takes a worker most of the night, bench/).
    Safe to run twice: a refresh replaces a municipality's figures as a whole."""
    ids = list(municipalities_with_teams().values_list("pk", flat=True))
    for municipality_id in ids:
        refresh_municipality_figures.delay(municipality_id)
    return len(ids)


@shared_task(name="reach.tasks.refresh_municipality_figures")
def refresh_municipality_figures(municipality_id: int) -> str:
    """One municipality's figures; nothing when it no longer exists."""
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is None:
        return ""
    reach_refresh(municipality=municipality)
    return municipality.code
