from django.contrib import admin
from django.urls import include, path

from outreach.views.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]
