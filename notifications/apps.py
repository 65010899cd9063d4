from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Text messages")

    def ready(self):
        # Reacting to the case work (outreach.events) after its transaction commits.
        from notifications import receivers  # noqa: F401
