from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self):
        # Logins, logouts and failed logins arrive as Django's auth signals.
        from audit import receivers  # noqa: F401
