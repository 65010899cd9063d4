"""Who may receive text messages: opt-in consent, opt-outs (STOP) and pauses."""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import (
    HouseholdSmsPause,
    OutboxMessage,
    Participant,
    ParticipantConsent,
    PeerChannel,
    PhoneOptOut,
)
from outreach.models import Consent, ConsentMethod, ConsentScope, Household, User
from outreach.services.errors import field_error


def participant_consent_give(
    *, participant: Participant, method: str, text_version: str, recorded_by: User | None
) -> ParticipantConsent:
    if method not in ConsentMethod.values:
        raise field_error("method", _("Choose how the consent was given."))
    if not text_version:
        raise field_error("text_version", _("Say which version of the text was agreed to."))
    if not participant.phone:
        raise field_error("phone", _("Add a mobile number first."), code="no_phone")
    with transaction.atomic():
        Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.sms_consents.filter(withdrawn_at__isnull=True).exists():
            raise field_error("participant", _("This consent has already been given."), "duplicate")
        return ParticipantConsent.objects.create(
            participant=participant,
            method=method,
            text_version=text_version,
            recorded_by=recorded_by,
        )


@transaction.atomic
def participant_consent_withdraw(*, participant: Participant, source: str) -> int:
    return participant.sms_consents.filter(withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_source=source[:40]
    )


def phone_opted_out(phone: str) -> bool:
    return PhoneOptOut.objects.filter(phone=phone, opted_in_at__isnull=True).exists()


def phone_opt_out(*, phone: str, source: str) -> PhoneOptOut:
    """Stop every message to this number, from now on (the next send checks this first)."""
    with transaction.atomic():
        existing = PhoneOptOut.objects.filter(phone=phone, opted_in_at__isnull=True).first()
        if existing:
            return existing
        try:
            with transaction.atomic():
                opt_out = PhoneOptOut.objects.create(phone=phone, source=source[:40])
        except IntegrityError:  # two STOPs at once: the other one won
            return PhoneOptOut.objects.get(phone=phone, opted_in_at__isnull=True)
        OutboxMessage.objects.filter(to=phone, status="queued").exclude(
            kind__in=("help_reply",)
        ).update(
            status="cancelled",
            error_message=str(_("The recipient opted out.")),
            status_changed_at=timezone.now(),
        )
        return opt_out


@transaction.atomic
def phone_opt_in(*, phone: str, source: str) -> bool:
    return bool(
        PhoneOptOut.objects.filter(phone=phone, opted_in_at__isnull=True).update(
            opted_in_at=timezone.now(), opted_in_source=source[:40]
        )
    )


@transaction.atomic
def household_sms_pause(*, household: Household, paused: bool, by: User) -> None:
    if paused:
        HouseholdSmsPause.objects.get_or_create(household=household, defaults={"paused_by": by})
    else:
        HouseholdSmsPause.objects.filter(household=household).delete()


def may_receive(message: OutboxMessage) -> tuple[bool, str]:
    """Checked right before each send: opt-in stands, no STOP, not paused."""
    if message.participant_id:
        # One query for the most common message (a participant's reminder or thanks):
        # the checks come back as flags on the participant.
        participant = Participant.objects.annotate(
            opted_out=Exists(
                PhoneOptOut.objects.filter(phone=message.to, opted_in_at__isnull=True)
            ),
            consented=Exists(
                ParticipantConsent.objects.filter(
                    participant=OuterRef("pk"), withdrawn_at__isnull=True
                )
            ),
        ).get(pk=message.participant_id)
        if participant.opted_out and message.channel == "sms":
            return False, str(_("The recipient opted out."))
        if participant.sms_paused:
            return False, str(_("Messages to this participant are paused."))
        if participant.phone != message.to:
            return False, str(_("The mobile number changed."))
        if not participant.consented:
            return False, str(_("No consent to text messages."))
        return True, ""
    if phone_opted_out(message.to) and message.channel == "sms":
        return False, str(_("The recipient opted out."))
    if message.household_id:
        household = Household.objects.get(pk=message.household_id)
        if HouseholdSmsPause.objects.filter(household=household).exists():
            return False, str(_("Messages to this household are paused."))
        if household.phone != message.to:
            return False, str(_("The mobile number changed."))
        if (
            not Consent.objects.standing()
            .filter(household=household, scope=ConsentScope.SMS)
            .exists()
        ):
            return False, str(_("No consent to text messages."))
        return True, ""
    if message.user_id:
        preference = getattr(User.objects.get(pk=message.user_id), "notification_preference", None)
        if preference is None or preference.channel != message.channel:
            return False, str(_("The peer chose not to get these reminders."))
        if message.channel == PeerChannel.SMS and preference.phone != message.to:
            return False, str(_("The mobile number changed."))
        return True, ""
    return False, str(_("No recipient on record."))
