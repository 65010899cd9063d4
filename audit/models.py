"""The access log and break-the-glass grants.

Neither holds anything about a household beyond its id and its reference (which identifies
nobody): on erasure the link is cut and free text blanked (audit.retention)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW_HOUSEHOLD = "view_household", _("Opened a case")
    VIEW_RECORD = "view_record", _("Opened a case record")
    VIEW_LIST = "view_list", _("Opened a list")
    EXPORT = "export", _("Exported a case")
    LOGIN = "login", _("Logged in")
    TOKEN_LOGIN = "token_login", _("Logged in with a token (phone)")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    REFUSED = "refused", _("Refused")
    BREAK_GLASS = "break_glass", _("Opened a case of another team (break the glass)")


class AccessLog(models.Model):
    """One row per access: who (a copy of the username and role, kept if the account goes),
    what, when and from where. Written with one INSERT, never changed afterwards except to
    forget an erased household."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    household = models.ForeignKey(
        "outreach.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name=_("household"),
    )
    household_reference = models.CharField(_("reference"), max_length=20, blank=True)
    method = models.CharField(_("method"), max_length=10, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)
    status_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    # Where a colleague worked from is their personal data, not the household's.
    SUBJECT_ACCESS_EXCLUDED_FIELDS = ("ip_address", "user_agent")

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["household", "at"]),
            models.Index(fields=["user", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"


class BreakGlassGrantQuerySet(models.QuerySet):
    def active(self, *, now=None):
        return self.filter(expires_at__gt=now or timezone.now(), household__isnull=False)


class BreakGlassGrant(models.Model):
    """A coordinator opened a case outside their teams, stating why. It lasts
    AUDIT_BREAK_GLASS_HOURS and the administrator sees every one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="break_glass_grants",
        verbose_name=_("user"),
    )
    household = models.ForeignKey(
        "outreach.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="break_glass_grants",
        verbose_name=_("household"),
    )
    household_reference = models.CharField(_("reference"), max_length=20)
    reason = models.CharField(_("reason"), max_length=500)
    granted_at = models.DateTimeField(_("opened at"), default=timezone.now)
    expires_at = models.DateTimeField(_("open until"))

    objects = BreakGlassGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("break-the-glass grant")
        verbose_name_plural = _("break-the-glass grants")
        ordering = ["-granted_at", "-id"]
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.household_reference} ({self.user_id})"

    @property
    def is_active(self) -> bool:
        return self.household_id is not None and self.expires_at > timezone.now()
