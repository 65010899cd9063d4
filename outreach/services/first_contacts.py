"""A first contact, noted before the household has agreed to anything: it names nobody."""

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import FirstContact, Team, User
from outreach.services.errors import field_error

# A first contact is noted on the day or soon after; a date far back is a typing error.
OLDEST_CONTACT_DAYS = 366


@transaction.atomic
def first_contact_note(
    *,
    team: Team,
    noted_by: User,
    outcome: str,
    referral_source: str,
    neighbourhood_code: str = "",
    contacted_on=None,
    client_uuid: uuid.UUID | None = None,
) -> FirstContact:
    """Note a first contact for the team. A resend with the same `client_uuid` (the phone's
    outbox) returns the contact noted the first time."""
    if client_uuid is not None:
        existing = FirstContact.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            if existing.noted_by_id != noted_by.pk:
                raise field_error(
                    "client_uuid", _("This client id was already used."), code="duplicate"
                )
            return existing
    today = timezone.localdate()
    contacted_on = contacted_on or today
    if contacted_on > today or (today - contacted_on).days > OLDEST_CONTACT_DAYS:
        raise field_error(
            "contacted_on", _("Give the date of the contact, within the last year."), "date"
        )
    if neighbourhood_code and neighbourhood_code[2:6] != team.municipality.code[2:6]:
        raise field_error(
            "neighbourhood_code",
            _("Choose a neighbourhood of %(municipality)s.")
            % {"municipality": team.municipality.name},
            code="other_municipality",
        )
    contact = FirstContact(
        team=team,
        noted_by=noted_by,
        outcome=outcome,
        referral_source=referral_source,
        neighbourhood_code=neighbourhood_code,
        neighbourhood_year=today.year if neighbourhood_code else None,
        contacted_on=contacted_on,
        client_uuid=client_uuid,
    )
    contact.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError:
        existing = FirstContact.objects.filter(client_uuid=client_uuid).first()
        if existing is None or client_uuid is None:
            raise
        return existing
    return contact
