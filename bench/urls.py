from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    """The baseline: a Django view that does no work, on the same server and stack."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), path("", include("config.urls"))]
