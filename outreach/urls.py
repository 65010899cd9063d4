from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from outreach.views.health import healthz

urlpatterns = [
    path("", TemplateView.as_view(template_name="outreach/home.html"), name="home"),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]
