from django.core.exceptions import PermissionDenied
from django.http import Http404

from audit.services import record_refusal, write_pending_refusals


class AccessAuditMiddleware:
    """Logs the pages that refused someone (403, or 404 for a case out of their scope), and
    writes the refusals noted during a request once its transaction has ended: a refused
    request is rolled back (ATOMIC_REQUESTS), and its log entry must not go with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        write_pending_refusals(request)
        return response

    def process_exception(self, request, exception):
        # Only views raise into here: an unknown address (no view) is not a refusal.
        if isinstance(exception, Http404 | PermissionDenied) and request.user.is_authenticated:
            record_refusal(
                request,
                status_code=404 if isinstance(exception, Http404) else 403,
                detail=str(exception),
            )
