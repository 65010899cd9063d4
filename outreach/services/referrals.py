"""Referrals to partner organisations: made only with the household's consent for that
referral, and followed up two weeks later ("was there contact?")."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outreach.models import (
    Assignment,
    ContactMade,
    FollowUp,
    Household,
    Referral,
    ReferralConsentMethod,
    User,
)
from outreach.services.consent import consent_require_contact
from outreach.services.errors import field_error, validate_new_record
from outreach.services.follow_ups import follow_up_create, follow_up_update
from outreach.workflow import FollowUpStatus

# When the peer asks the household whether the organisation and it found each other.
FOLLOW_UP_AFTER = timedelta(days=14)

NO_CONSENT_MESSAGE = _(
    "Ask the household first whether it agrees to this referral, and note how it said yes. "
    "Without its consent, do not pass on its details."
)


def _follow_up_for(*, referral: Referral, referred_by: User) -> FollowUp:
    """The question two weeks on, for the household's lead peer (who visits it), else for
    whoever made the referral."""
    current = Assignment.objects.current().filter(household_id=referral.household_id).first()
    responsible = current.lead if current is not None else referred_by
    # The description is stored, so it is written in the team's language, not the phone's.
    with translation.override(settings.LANGUAGE_CODE):
        description = gettext("Was there contact with %(partner)s?") % {"partner": referral.partner}
    due = max(referral.referred_on + FOLLOW_UP_AFTER, timezone.localdate())
    return follow_up_create(
        household=referral.household,
        created_by=referred_by,
        data={"description": description[:500], "due_date": due, "responsible": responsible},
    )


@transaction.atomic
def referral_make(
    *,
    household: Household,
    referred_by: User,
    kind: str,
    consent_given: bool,
    consent_method: str = "",
    organisation: str = "",
    referred_on: date | None = None,
    note: str = "",
) -> Referral:
    """Refer the household to a partner organisation. Refused without the household's
    consent for this referral, and for a household that wants no contact. Makes the
    follow-up that asks, two weeks on, whether there was contact."""
    if not consent_given or consent_method not in ReferralConsentMethod.values:
        raise field_error("consent_given", NO_CONSENT_MESSAGE, "consent_required")
    household = Household.objects.select_for_update().get(pk=household.pk)
    consent_require_contact(household)
    referred_on = referred_on or timezone.localdate()
    if referred_on > timezone.localdate():
        raise field_error(
            "referred_on", _("A referral cannot be dated in the future."), "in_future"
        )
    referral = Referral(
        household=household,
        kind=kind,
        organisation=organisation.strip(),
        consent_method=consent_method,
        referred_on=referred_on,
        note=note,
        referred_by=referred_by,
    )
    referral._history_user = referred_by
    validate_new_record(referral)
    referral.follow_up = _follow_up_for(referral=referral, referred_by=referred_by)
    referral.save()
    return referral


@transaction.atomic
def referral_record_contact(
    *,
    referral: Referral,
    recorded_by: User,
    contact_made: str,
    contact_on: date | None = None,
    note: str | None = None,
) -> Referral:
    """Whether the household and the organisation found each other. Answers the follow-up
    that asked it (done, with the answer as its note)."""
    # Only the referral's row is locked: its follow-up is optional (an outer join, which
    # PostgreSQL cannot lock).
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("follow_up")
        .get(pk=referral.pk)
    )
    if contact_made not in (ContactMade.YES, ContactMade.NO):
        raise field_error("contact_made", _("Say whether there was contact: yes or no."))
    contact_on = contact_on or timezone.localdate()
    if contact_on > timezone.localdate():
        raise field_error("contact_on", _("This date is in the future."), "in_future")
    if contact_on < referral.referred_on:
        raise field_error(
            "contact_on", _("Contact cannot come before the referral."), "before_referral"
        )
    referral.contact_made = contact_made
    referral.contact_on = contact_on
    if note is not None:
        referral.note = note
    referral.version += 1
    referral._history_user = recorded_by
    referral.full_clean()
    referral.save()
    follow_up = referral.follow_up
    if follow_up is not None and follow_up.status == FollowUpStatus.OPEN:
        with translation.override(settings.LANGUAGE_CODE):
            answer = (
                gettext("Contact made")
                if contact_made == ContactMade.YES
                else gettext("No contact")
            )
        follow_up_update(
            follow_up=follow_up,
            changed_by=recorded_by,
            data={"status": FollowUpStatus.DONE, "completion_note": answer},
        )
    return referral
