"""The server-error handler: our own page, and a 503 when the database is away."""

import sys

from django.views.defaults import server_error as django_server_error

from outreach.middleware import database_unavailable_response, is_database_outage


def server_error(request):
    """A database outage can surface before any view runs (the session or the user is read
    by a middleware), where DatabaseUnavailableMiddleware cannot see it. Django calls this
    handler while the exception is being handled, so it is still known here."""
    exception = sys.exc_info()[1]
    if is_database_outage(exception):
        return database_unavailable_response(request, exception)
    return django_server_error(request)
