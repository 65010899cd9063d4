from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path


def trivial(request):
    """The baseline: a Django view that does no work, on the same server and stack."""
    return HttpResponse(b"ok", content_type="text/plain")


# The page floor: what every page pays whatever it shows (the session and its user, the
# middleware, the site's layout with its menu), with nothing of its own in it.
FLOOR_TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<p>ok</p>{% endblock %}'
)


@login_required
def page_floor(request):
    return HttpResponse(FLOOR_TEMPLATE.render({}, request))


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/page/", page_floor),
    path("", include("config.urls")),
]
