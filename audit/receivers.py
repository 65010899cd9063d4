"""Django's login signals, turned into access-log entries. Infrastructure only: each
receiver hands over to audit.services and does nothing else."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.models import AccessAction
from audit.services import record_access


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
