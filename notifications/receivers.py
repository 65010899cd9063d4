"""What text messages follow from events in the case work (outreach.events)."""

from django.dispatch import receiver

from notifications.services.planning import verdict_request_on_close
from outreach.events import case_closed


@receiver(case_closed, dispatch_uid="notifications.ask_for_a_score")
def ask_the_household_for_a_score(sender, household_id: int, reason: str, **kwargs) -> None:
    verdict_request_on_close(household_id=household_id, reason=reason)
