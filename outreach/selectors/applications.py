"""Reads of applications: the API's list, a check's application page on the phone, and the
coordinator's stalled applications. Each starts from what the user may see (querysets.py)
and costs a fixed number of queries, however many rows there are."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from outreach.models import Application, Household, ProvisionCheck, User
from outreach.querysets import visible_to
from outreach.workflow import ApplicationStatus


def application_list(*, user: User) -> QuerySet[Application]:
    return visible_to(user, Application).select_related("provision_check__provision", "follow_up")


def check_with_application(*, user: User, household: Household, check_id: int) -> ProvisionCheck:
    """One check of a household I may see, with its provision (the row of the check's year)
    and its application, if any. Raises ProvisionCheck.DoesNotExist otherwise."""
    return (
        visible_to(user, ProvisionCheck)
        .filter(household=household)
        .select_related("provision", "application__follow_up")
        .get(pk=check_id)
    )


def stalled_applications(*, user: User, today: date | None = None) -> QuerySet[Application]:
    """Submitted applications past their decision date without a decision, in the user's
    teams, longest overdue first."""
    today = today or timezone.localdate()
    return (
        visible_to(user, Application)
        .filter(status=ApplicationStatus.SUBMITTED, decision_due_on__lt=today)
        .select_related("household__team", "provision_check__provision", "follow_up__responsible")
        .order_by("decision_due_on", "pk")
    )


def days_past_term(application: Application, *, today: date | None = None) -> int:
    return ((today or timezone.localdate()) - application.decision_due_on).days
