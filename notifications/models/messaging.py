"""Text messages: consent and opt-outs, the outbox, inbound messages and templates."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from notifications.models.activities import Language


class ParticipantConsent(models.Model):
    """A participant's opt-in to text messages: when, how, and which text they agreed to.
    (A household's own SMS consent is an outreach Consent with scope `sms`.)"""

    participant = models.ForeignKey(
        "notifications.Participant", on_delete=models.CASCADE, related_name="sms_consents"
    )
    method = models.CharField(_("how it was given"), max_length=10)
    text_version = models.CharField(_("version of the text agreed to"), max_length=20)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_source = models.CharField(_("withdrawn how"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SMS consent of a participant")
        verbose_name_plural = _("SMS consents of participants")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_standing_sms_consent_per_participant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} sms v{self.text_version}"


class PhoneOptOut(models.Model):
    """A number that asked for no more messages. Opting back in stamps the row; a standing
    opt-out (opted_in_at empty) blocks every send to the number, whoever it belongs to."""

    phone = models.CharField(_("mobile phone"), max_length=16)
    opted_out_at = models.DateTimeField(_("opted out at"), default=timezone.now)
    source = models.CharField(_("source"), max_length=40)
    opted_in_at = models.DateTimeField(_("opted back in at"), null=True, blank=True)
    opted_in_source = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")
        ordering = ["-opted_out_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                condition=Q(opted_in_at__isnull=True),
                name="one_standing_opt_out_per_phone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.phone} ({self.source})"


class HouseholdSmsPause(models.Model):
    """While this row exists, nothing is sent to the household."""

    household = models.OneToOneField(
        "outreach.Household", on_delete=models.CASCADE, related_name="sms_pause"
    )
    paused_at = models.DateTimeField(default=timezone.now)
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return str(self.household)


class MessageKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder before a session")
    MILESTONE = "milestone", _("Appreciation for a milestone")
    SESSION_THANKS = "session_thanks", _("Thanks to organisers and volunteers")
    GROUP_MESSAGE = "group_message", _("Message to a group")
    PEER_OVERDUE = "peer_overdue", _("Overdue follow-ups of a peer")
    VERDICT_REQUEST = "verdict_request", _("Asking the household for a score")
    VERDICT_RETRY = "verdict_retry", _("Asking again for a score")
    HELP_REPLY = "help_reply", _("Answer to HELP")


APPRECIATION_KINDS = (MessageKind.MILESTONE, MessageKind.SESSION_THANKS, MessageKind.GROUP_MESSAGE)
# Answers to a message the person just sent us: no opt-in needed, never held back.
REPLY_KINDS = (MessageKind.HELP_REPLY,)


class Channel(models.TextChoices):
    SMS = "sms", _("Text message")
    EMAIL = "email", _("E-mail")


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    UNDELIVERED = "undelivered", _("Not delivered")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    UNKNOWN = "unknown", _("Unknown (being checked)")


class OutboxMessage(models.Model):
    """One message to one recipient. The idempotency key makes planning the same message
    twice yield this one row; the provider id makes a resend after a crash detectable."""

    idempotency_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.SMS)
    to = models.CharField(_("to"), max_length=254)
    body = models.TextField(_("text"))
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.DUTCH)
    team = models.ForeignKey(
        "outreach.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    participant = models.ForeignKey(
        "notifications.Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
    )
    household = models.ForeignKey(
        "outreach.Household",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sms_messages",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    session = models.ForeignKey(
        "notifications.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    send_after = models.DateTimeField(_("not before"), default=timezone.now)
    # A reminder is worthless once its session has started: dropped, never sent late.
    expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    provider_id = models.CharField(_("provider id"), max_length=64, blank=True, db_index=True)
    error_code = models.CharField(_("error code"), max_length=20, blank=True)
    error_message = models.CharField(_("error"), max_length=300, blank=True)
    segments = models.PositiveSmallIntegerField(_("segments"), null=True, blank=True)
    price = models.DecimalField(_("price"), max_digits=8, decimal_places=4, null=True, blank=True)
    price_unit = models.CharField(max_length=3, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    # Set when anonymisation cuts the link to a household, as on Participant: the reach
    # figures keep counting the message with the same (former) household and neighbourhood.
    reach_unit = models.CharField(max_length=32, blank=True, editable=False)
    reach_neighbourhood = models.CharField(max_length=10, blank=True, editable=False)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "send_after"]),
            models.Index(fields=["to", "sent_at"]),
            models.Index(fields=["team", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to} ({self.status})"


class DeliveryEvent(models.Model):
    """Each status callback once: a repeated callback finds its row and changes nothing."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20)
    error_code = models.CharField(max_length=20, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "status"], name="one_event_per_status")
        ]

    def __str__(self) -> str:
        return f"{self.message_id} {self.status}"


class InboundMessage(models.Model):
    provider_id = models.CharField(max_length=64, unique=True)
    from_phone = models.CharField(_("from"), max_length=16)
    body = models.CharField(_("text"), max_length=1600)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    handled_as = models.CharField(_("handled as"), max_length=20, blank=True)
    household = models.ForeignKey(
        "outreach.Household", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("incoming message")
        verbose_name_plural = _("incoming messages")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.from_phone}: {self.handled_as}"


class MessageTemplate(models.Model):
    """A team's own wording of one kind of message; without one the built-in text is used."""

    team = models.ForeignKey("outreach.Team", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    body = models.TextField(_("text"), max_length=640)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["team", "kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["team", "kind", "language"], name="one_template")
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"


class HouseholdVerdict(models.Model):
    """The household's own score for the help (1-10), asked by text when the case closed;
    kept beside the score the peer records."""

    household = models.OneToOneField(
        "outreach.Household", on_delete=models.CASCADE, related_name="own_verdict"
    )
    phone = models.CharField(max_length=16)
    asked_at = models.DateTimeField(default=timezone.now)
    retried_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("own score (1-10)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # No history table on purpose: the row keeps its own timestamps (asked, retried,
    # answered) and must vanish entirely, by cascade, when the household is erased.

    class Meta:
        verbose_name = _("household's own verdict")
        verbose_name_plural = _("households' own verdicts")

    def __str__(self) -> str:
        return f"{self.household}: {self.score}"


class PeerChannel(models.TextChoices):
    SMS = "sms", _("Text message")
    EMAIL = "email", _("E-mail")
    NONE = "none", _("No reminders")


class PeerNotificationPreference(models.Model):
    """How a peer wants to hear about overdue follow-ups."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    channel = models.CharField(
        _("reminders by"), max_length=5, choices=PeerChannel.choices, default=PeerChannel.EMAIL
    )
    phone = models.CharField(_("mobile phone"), max_length=16, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.channel}"
