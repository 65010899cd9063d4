"""Where a page sends the user once they are through: back where they were going."""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request) -> str:
    """The page the user asked for (`next`) when it is on this site, else the start page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL
