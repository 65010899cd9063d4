"""Reads of the plan made with a household and of its steps on the participation ladder."""

from django.db.models import Prefetch

from outreach.models import Household, LadderStep, ParticipationPlan


def plan_of(*, household: Household) -> ParticipationPlan | None:
    """The household's plan with its steps (oldest first) and who recorded them, in two
    queries; None when no plan was made yet. The household was checked visible before."""
    return (
        ParticipationPlan.objects.filter(household=household)
        .select_related("agreed_by", "review_follow_up")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=LadderStep.objects.select_related("recorded_by").order_by("on", "id"),
            )
        )
        .first()
    )
