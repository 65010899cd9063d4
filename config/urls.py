from django.contrib import admin
from django.urls import include, path

from config.views import home
from outreach.views.health import healthz
from outreach.views.peer import pwa
from outreach.views.two_factor import pages as two_factor_pages

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("manifest.webmanifest", pwa.manifest, name="peer_manifest"),
    path("sw.js", pwa.service_worker, name="peer_service_worker"),
    path("offline/", pwa.offline, name="peer_offline"),
    # --- Login and security: login page and the two-factor step ---
    path("accounts/login/", two_factor_pages.LoginView.as_view(), name="login"),
    path("accounts/logout/", two_factor_pages.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", include("outreach.views.two_factor.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("households/", include("outreach.views.peer.urls")),
    path("phone/", include("outreach.views.peer.lock_urls")),
    path("me/", include("outreach.views.peer.me_urls")),
    path("coordinator/", include("outreach.views.coordinator.urls")),
    path("offer/", include("outreach.views.offer.urls")),
    path("notifications/", include("notifications.urls")),
    path("reach/", include("reach.urls")),
    path("audit/", include("audit.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "outreach.views.errors.server_error"
