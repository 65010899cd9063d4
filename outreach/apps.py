from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
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

        # A cached API token is forgotten when the token or its person changes (a logout,
        # a new login, a new password, deactivation): the next call asks the database.
        from django.db.models.signals import post_delete, post_save

        from outreach.models import ApiToken, User
        from outreach.services.api_tokens import forget_token, forget_token_of_user

        for signal in (post_save, post_delete):
            signal.connect(forget_token_of_user, sender=User, dispatch_uid="api-token-user")
            signal.connect(forget_token, sender=ApiToken, dispatch_uid="api-token")


class OutreachAdminConfig(admin_apps.AdminConfig):
    # The admin site that also lets municipal administrators in (for their own part only).
    default = False
    default_site = "outreach.admin_base.OutreachAdminSite"
