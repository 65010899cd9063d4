"""The installable web app: its manifest and the service worker, served from the site root
so that the worker's scope covers every page."""

from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control


@cache_control(max_age=3600)
def manifest(request):
    return JsonResponse(
        {
            "name": "Outreach",
            "short_name": "Outreach",
            "description": _("Visits, wishes and provisions of your households."),
            "lang": request.LANGUAGE_CODE,
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b4f8a",
            "icons": [
                {"src": static("peer/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
                {"src": static("peer/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            ],
        },
        content_type="application/manifest+json",
    )


@cache_control(no_cache=True)
def service_worker(request):
    offline_page = reverse("peer_offline")
    response = render(
        request,
        "outreach/peer/sw.js",
        {
            "precache": [
                static("css/base.css"),
                static("peer/app.js"),
                static("peer/icon.svg"),
                offline_page,
            ],
            "offline_page": offline_page,
            "register_page": reverse("peer:register"),
            "first_contact_page": reverse("peer:first_contact"),
            "sync_start": reverse("peer:sync"),
            "locked_page": f"{offline_page}?locked=1",
        },
        content_type="text/javascript",
    )
    response["Service-Worker-Allowed"] = "/"
    return response


def offline(request):
    """What the phone shows for a page it has not kept while there is no connection (the
    service worker keeps this page when it installs). It stands alone: no login, no form.
    With ?locked=1: what it shows offline instead of a kept page while the app is locked or
    after logging out."""
    return render(request, "outreach/peer/offline.html", {"locked": "locked" in request.GET})
