from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self):
        # Imported here, as Django asks: models are not loaded before ready().
        # Logins, logouts and failed logins arrive as Django's auth signals; page views of
        # case records as outreach.events.
        from audit import receivers  # noqa: F401
        from audit.scopes import break_glass_household_ids
        from outreach.querysets import household_grant_register

        # A coordinator who broke the glass sees that case for the hours the grant lasts.
        household_grant_register(break_glass_household_ids)
