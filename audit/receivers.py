"""Django's login signals and the pages' views of case records (outreach.events), turned
into access-log entries; the reason of a change for the history tables; and the erasure that
follows a withdrawn consent for keeping data. Infrastructure only: each receiver hands over
to a service of audit and does nothing else."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from audit.models import AccessAction
from audit.retention import household_erase_without_storage_consent
from audit.services import change_reason_from, describe_query, page_action_of, record_access
from outreach.events import case_viewed, consent_withdrawn, list_viewed
from outreach.models import ConsentScope


@receiver(user_logged_in, dispatch_uid="audit_login")
def log_login(sender, request, user, **kwargs):
    record_access(request if request is not None else user, action=AccessAction.LOGIN)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        record_access(request if request is not None else user, action=AccessAction.LOGOUT)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def log_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`.
    record_access(
        request, action=AccessAction.LOGIN_FAILED, username=str(credentials.get("username", ""))
    )


@receiver(case_viewed, dispatch_uid="audit_case_viewed")
def log_case_viewed(sender, request, household=None, detail="", **kwargs):
    record_access(request, action=AccessAction.VIEW_HOUSEHOLD, household=household, detail=detail)


@receiver(list_viewed, dispatch_uid="audit_list_viewed")
def log_list_viewed(sender, request, detail=None, **kwargs):
    detail = describe_query(request) if detail is None else detail
    record_access(request, action=AccessAction.VIEW_LIST, detail=detail)


@receiver(pre_create_historical_record, dispatch_uid="audit_change_reason")
def take_change_reason_from_request(sender, history_instance, **kwargs):
    # "Who and why" for every change in the history tables: who comes from the request's
    # user (simple-history's middleware); why from the X-Change-Reason header the phone or
    # any API client may send, unless the service already gave a reason of its own.
    if history_instance.history_change_reason:
        return
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        history_instance.history_change_reason = (
            change_reason_from(request) or page_action_of(request) or None
        )


@receiver(consent_withdrawn, dispatch_uid="audit_erase_without_storage_consent")
def erase_when_storage_consent_withdrawn(sender, household_id, scope, withdrawn_by_id, **kwargs):
    # Without consent for keeping data the household's details may not be kept: the case is
    # anonymised in place, as at the end of retention.
    if scope == ConsentScope.DATA_STORAGE:
        household_erase_without_storage_consent(
            household_id=household_id, erased_by_id=withdrawn_by_id
        )
