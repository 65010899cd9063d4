from contextlib import suppress

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from audit.services import record_refusal
from outreach.models import Household


class InUse(exceptions.APIException):
    """A delete refused by the database's protection of what other records point to."""

    status_code = 409
    default_detail = _("This is in use by other records, so it cannot be deleted.")
    default_code = "in_use"


class OutOfScope(exceptions.NotFound):
    """Something that exists, answered 404 because it is not the caller's to see: logged
    as a refused authorisation, unlike a page past the end of a list."""


def exception_handler(exc, context):
    """Validation errors raised by services answer 400 with field errors, like the
    serializers' own: the API and the pages share one set of business rules. Deleting what
    other records still point to (PROTECT, RESTRICT) answers 409.
    Refusals (403, and 404 for what is out of the caller's scope) go into the access log."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        exc = exceptions.ValidationError(detail)
    if isinstance(exc, ProtectedError | RestrictedError):
        exc = InUse()
    refused = isinstance(exc, exceptions.PermissionDenied | Http404 | OutOfScope)
    if refused and "request" in context:
        # Who asked, resolved now: a refusal can come before authentication (an unknown
        # `format` is refused during content negotiation), and once the handler below marks
        # the transaction for rollback the token can no longer be looked up (a 500).
        # A wrong or ended token: the refusal is logged without a user.
        with suppress(exceptions.APIException):
            context["request"].user  # noqa: B018 (resolving it is the point)
    # Looked up before the handler marks the request's transaction for rollback.
    household = _household_asked_for(context.get("view")) if refused else None
    response = drf_exception_handler(exc, context)
    if refused and response is not None and "request" in context:
        record_refusal(
            context["request"],
            status_code=response.status_code,
            detail=f"{type(context.get('view')).__name__}: {response.data.get('detail', '')}",
            household=household,
        )
    return response


# Routes whose `pk` is a household's id: a refusal there names the case someone tried.
HOUSEHOLD_ROUTES = frozenset({"household", "household-export"})


def _household_asked_for(view) -> Household | None:
    if getattr(view, "basename", None) not in HOUSEHOLD_ROUTES:
        return None
    pk = str(getattr(view, "kwargs", {}).get("pk", ""))
    if not pk.isdigit():
        return None
    # An anonymised case is logged like one that does not exist: no link back to its row.
    return (
        Household.objects.filter(pk=pk, anonymised_at__isnull=True).only("pk", "reference").first()
    )
