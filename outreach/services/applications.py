"""An application followed from a check with non-use found to the provider's decision.

Each step is one service: start (copies the provision's document list), the checklist,
submit (a follow-up for the peer, due on the day the decision is due), postpone (the
provider extended its term: the follow-up moves), decide (granted with an amount per year,
refused, or withdrawn: the follow-up closes). The check's outcome follows the application,
so the figures that count checks stay right."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outreach.models import (
    Application,
    Assignment,
    FollowUp,
    ProvisionCheck,
    ProvisionOutcome,
    Role,
    User,
)
from outreach.services.errors import field_error
from outreach.services.follow_ups import (
    FOLLOW_UP_FURTHEST_AHEAD,
    follow_up_create,
    follow_up_update,
)
from outreach.workflow import (
    APPLICATION_DECISIONS,
    APPLICATION_TRANSITIONS,
    ApplicationStatus,
    FollowUpStatus,
    HouseholdStatus,
    is_allowed,
)

# A check from which an application may start: non-use found and nothing applied for yet.
STARTABLE_OUTCOMES = (ProvisionOutcome.NON_USE_FOUND,)
DOCUMENT_NAME_MAX = 120
DOCUMENTS_MAX = 30

# What the check's outcome becomes at each step of its application.
OUTCOME_OF_STATUS = {
    ApplicationStatus.STARTED: ProvisionOutcome.APPLICATION_IN_PROGRESS,
    ApplicationStatus.SUBMITTED: ProvisionOutcome.APPLICATION_IN_PROGRESS,
    ApplicationStatus.GRANTED: ProvisionOutcome.GRANTED,
    ApplicationStatus.REFUSED: ProvisionOutcome.REJECTED,
    # Withdrawn: the household still does not use what it is entitled to.
    ApplicationStatus.WITHDRAWN: ProvisionOutcome.NON_USE_FOUND,
}


def _not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise field_error(field, _("This date is in the future."), "in_the_future")


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("provision_check__provision", "household")
        .get(pk=application.pk)
    )


def _move_to(application: Application, status: str) -> None:
    if not is_allowed(APPLICATION_TRANSITIONS, application.status, status):
        raise field_error("status", _("This step is not possible now."), "transition")
    application.status = status


def _save(application: Application) -> None:
    application.version += 1
    application.full_clean()
    application.save()


def _keep_check_in_step(application: Application, on: date) -> None:
    """The check's outcome follows the application (one row, so the figures count it once)."""
    check = ProvisionCheck.objects.select_for_update().get(pk=application.provision_check_id)
    outcome = OUTCOME_OF_STATUS[application.status]
    if check.outcome != outcome:
        check.outcome = outcome
        check.outcome_changed_on = on
        check.version += 1
        check.save(update_fields=["outcome", "outcome_changed_on", "version"])
    application.provision_check = check


def _clean_documents(documents: list[dict]) -> list[dict]:
    cleaned = []
    for item in documents:
        name = str(item.get("name", "")).strip()
        if not name:
            continue
        if len(name) > DOCUMENT_NAME_MAX:
            raise field_error(
                "documents",
                _("A document's name is at most %(max)s characters.") % {"max": DOCUMENT_NAME_MAX},
                "too_long",
            )
        cleaned.append({"name": name, "done": bool(item.get("done"))})
    if len(cleaned) > DOCUMENTS_MAX:
        raise field_error(
            "documents",
            _("A checklist has at most %(max)s documents.") % {"max": DOCUMENTS_MAX},
            "too_many",
        )
    return cleaned


@transaction.atomic
def application_start(
    *, provision_check: ProvisionCheck, started_by: User, started_on: date | None = None
) -> Application:
    """Start the application for a check where non-use was found: its checklist is the
    provision's document list (of the provision's row for the year of the check)."""
    check = (
        ProvisionCheck.objects.select_for_update()
        .select_related("provision", "household")
        .get(pk=provision_check.pk)
    )
    if check.household.status == HouseholdStatus.CLOSED:
        raise field_error("provision_check", _("This case is closed."), "closed")
    if Application.objects.filter(provision_check=check).exists():
        raise field_error(
            "provision_check", _("An application for this check exists already."), "exists"
        )
    if check.outcome not in STARTABLE_OUTCOMES:
        raise field_error(
            "provision_check",
            _("An application starts from a check where non-use was found."),
            "not_non_use",
        )
    started_on = started_on or timezone.localdate()
    _not_in_future(started_on, "started_on")
    application = Application(
        household=check.household,
        provision_check=check,
        started_on=started_on,
        documents=[{"name": name, "done": False} for name in check.provision.document_list()],
        created_by=started_by,
    )
    application.full_clean(exclude=["household", "provision_check", "created_by", "follow_up"])
    application.save()
    _keep_check_in_step(application, started_on)
    return application


@transaction.atomic
def application_documents_set(
    *, application: Application, changed_by: User, documents: list[dict]
) -> Application:
    """The checklist as it is now: items ticked, added or removed. Only before the decision."""
    application = _locked(application)
    if application.status not in (ApplicationStatus.STARTED, ApplicationStatus.SUBMITTED):
        raise field_error("documents", _("This application has been decided on."), "decided")
    application.documents = _clean_documents(documents)
    _save(application)
    return application


def _responsible_for(application: Application, submitted_by: User) -> User:
    """Who asks after the decision: the peer who submitted it, else the case's lead peer."""
    if submitted_by.role == Role.PEER:
        return submitted_by
    assignment = (
        Assignment.objects.current()
        .filter(household_id=application.household_id)
        .select_related("lead")
        .first()
    )
    return assignment.lead if assignment and assignment.lead else submitted_by


def _follow_up_description(application: Application) -> str:
    # Stored, so written in the team's language, not the phone's.
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Ask whether %(provision)s has decided on the application") % {
            "provision": application.provision_check.provision.name
        }


def _reminder_day(due: date) -> date:
    # A follow-up cannot be due before the day it is made: a term that has passed already
    # (an application entered late) is asked after today.
    return max(due, timezone.localdate())


@transaction.atomic
def application_submit(
    *, application: Application, submitted_by: User, submitted_on: date | None = None
) -> Application:
    """The application went in: the decision is due after the provision's term, and the
    peer gets a follow-up on that day to ask whether the decision came."""
    application = _locked(application)
    _move_to(application, ApplicationStatus.SUBMITTED)
    submitted_on = submitted_on or timezone.localdate()
    _not_in_future(submitted_on, "submitted_on")
    if submitted_on < application.started_on:
        raise field_error(
            "submitted_on", _("An application is submitted after it was started."), "too_early"
        )
    term = application.provision_check.provision.decision_term_weeks
    application.submitted_on = submitted_on
    application.decision_due_on = submitted_on + timedelta(weeks=term)
    application.follow_up = follow_up_create(
        household=application.household,
        created_by=submitted_by,
        data={
            "description": _follow_up_description(application),
            "due_date": _reminder_day(application.decision_due_on),
            "provision_check": application.provision_check,
            "responsible": _responsible_for(application, submitted_by),
        },
    )
    _save(application)
    return application


@transaction.atomic
def application_postpone(
    *, application: Application, changed_by: User, decision_due_on: date
) -> Application:
    """The provider extended its decision term (verdaagd): the new date, and the follow-up
    moves with it."""
    application = _locked(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise field_error(
            "decision_due_on", _("Only a submitted application waits for a decision."), "status"
        )
    if decision_due_on <= application.decision_due_on:
        raise field_error(
            "decision_due_on",
            _("The new date is after the date the decision was due."),
            "not_later",
        )
    if decision_due_on > application.submitted_on + FOLLOW_UP_FURTHEST_AHEAD:
        raise field_error("decision_due_on", _("Check the date."), "too_far_ahead")
    application.decision_due_on = decision_due_on
    application.postponed = True
    follow_up = _open_follow_up(application)
    if follow_up is not None:
        follow_up_update(
            follow_up=follow_up,
            changed_by=changed_by,
            data={"due_date": _reminder_day(decision_due_on)},
        )
    _save(application)
    return application


def _open_follow_up(application: Application) -> FollowUp | None:
    if application.follow_up_id is None:
        return None
    return FollowUp.objects.filter(pk=application.follow_up_id, status=FollowUpStatus.OPEN).first()


@transaction.atomic
def application_decide(
    *,
    application: Application,
    decided_by: User,
    decision: str,
    decided_on: date | None = None,
    granted_annual_amount: Decimal | None = None,
    note: str = "",
) -> Application:
    """The decision: granted (with the amount per year), refused, or withdrawn by the
    household. The check's outcome follows; the follow-up closes."""
    application = _locked(application)
    if decision not in APPLICATION_DECISIONS:
        raise field_error("decision", _("Choose granted, refused or withdrawn."), "invalid")
    _move_to(application, decision)
    decided_on = decided_on or timezone.localdate()
    _not_in_future(decided_on, "decided_on")
    if decided_on < application.started_on:
        raise field_error("decided_on", _("This is before the application started."), "too_early")
    if decision == ApplicationStatus.GRANTED:
        if granted_annual_amount is None:
            raise field_error(
                "granted_annual_amount",
                _("Enter the amount granted per year (0 when it is help in kind)."),
                "required",
            )
        application.granted_annual_amount = granted_annual_amount
    elif granted_annual_amount is not None:
        raise field_error(
            "granted_annual_amount", _("An amount only fits a grant."), "not_applicable"
        )
    application.decided_on = decided_on
    application.decision_note = (note or "").strip()
    follow_up = _open_follow_up(application)
    if follow_up is not None:
        with translation.override(settings.LANGUAGE_CODE):
            closing_note = gettext("Closed by the decision: %(decision)s") % {
                "decision": ApplicationStatus(decision).label
            }
        follow_up_update(
            follow_up=follow_up,
            changed_by=decided_by,
            data={
                "status": (
                    FollowUpStatus.CANCELLED
                    if decision == ApplicationStatus.WITHDRAWN
                    else FollowUpStatus.DONE
                ),
                "completion_note": closing_note,
            },
        )
    _save(application)
    _keep_check_in_step(application, decided_on)
    return application
