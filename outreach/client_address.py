"""The address of the client a request came from, the same for the login lockout
(django-axes), the token endpoint's throttle and anything else that counts per client.

Behind the TLS proxy every connection comes from the proxy, so REMOTE_ADDR names the proxy,
not the client. Each trusted proxy appends the address it saw to X-Forwarded-For; the client
can put anything before that, so the one to believe is the entry TRUSTED_PROXY_COUNT places
from the end. Without a proxy (count 0) the header is ignored: anyone can send it."""

from django.conf import settings


def client_address(request) -> str | None:
    http_request = getattr(request, "_request", request)  # under a REST framework request
    remote = http_request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = http_request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < proxies:
        # Not through the configured proxies (a health check from inside, a misrouted
        # request): what they added is missing, so nothing in the header can be trusted.
        return remote
    return hops[-proxies]
