"""The installable web app: its manifest and the service worker, served from the site root
so that the worker's scope covers every page."""

from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
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
    response = render(
        request,
        "outreach/peer/sw.js",
        {"precache": [static("css/base.css"), static("peer/app.js"), static("peer/icon.svg")]},
        content_type="text/javascript",
    )
    response["Service-Worker-Allowed"] = "/"
    return response
