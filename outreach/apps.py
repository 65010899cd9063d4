from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach case work")

    def ready(self):
        # --- Login and security ---
        # Every login (the login page, the admin's, tests' force_login) starts the session's
        # clocks and decides once whether it owes the second login step.
        from django.contrib.auth.signals import user_logged_in

        from outreach.middleware import session_start

        user_logged_in.connect(session_start, dispatch_uid="outreach-session-start")
