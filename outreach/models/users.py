from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PEER = "peer", _("STA-team member")
    COORDINATOR = "coordinator", _("Coordinator")
    MUNICIPALITY = "municipality", _("Municipality (analyst)")
    MUNICIPAL_ADMIN = "municipal_admin", _("Municipal administrator")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person who logs in. What they may see follows from role and team memberships;
    a municipality user is tied to one municipality and sees only its anonymised figures;
    a municipal administrator manages its municipality's teams, accounts, catalogue and
    texts, and sees no case record. The administrator (admin) is the deployment's operator."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PEER)
    municipality = models.ForeignKey(
        "outreach.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("municipality"),
        help_text=_(
            "For municipality users: the municipality whose figures they see. For municipal "
            "administrators: the municipality they manage. For team members: the municipality "
            "that manages the account."
        ),
    )
    born_on = models.DateField(
        _("date of birth"),
        null=True,
        blank=True,
        help_text=_(
            "Only for the volunteer allowance: under 21 a lower maximum per hour applies. "
            "Seen only by the person and the coordinators of their team."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_peer(self) -> bool:
        return self.role == Role.PEER

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_municipality(self) -> bool:
        return self.role == Role.MUNICIPALITY

    @property
    def is_municipal_admin(self) -> bool:
        return self.role == Role.MUNICIPAL_ADMIN

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN
