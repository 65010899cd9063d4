"""Fields that several case-record models declare alike, declared once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from outreach.validators import validate_neighbourhood_code


def entered_by_field(verbose_name) -> models.ForeignKey:
    """Who entered the record. Kept empty when their account goes: the history tables still
    say who changed what."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def follow_up_field(**options) -> models.ForeignKey:
    """The follow-up a record made to bring it back to the peer. Kept empty when the
    follow-up goes: the record stays."""
    return models.ForeignKey(
        "outreach.FollowUp",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        **options,
    )


def neighbourhood_fields() -> tuple[models.CharField, models.PositiveSmallIntegerField]:
    """The CBS neighbourhood a record is counted in, with the year of the division its code
    is from (codes are republished every year): `neighbourhood_code, neighbourhood_year =
    neighbourhood_fields()`."""
    return (
        models.CharField(
            _("CBS neighbourhood"),
            max_length=10,
            blank=True,
            validators=[validate_neighbourhood_code],
        ),
        models.PositiveSmallIntegerField(_("year of the CBS division"), null=True, blank=True),
    )
