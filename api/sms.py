"""The outbox, message templates, the composer's length count and peers' preferences."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.activities import VisibleField
from api.base import DeclaredPermissions, ServiceCreateMixin, ServiceViewSet
from api.permissions import EditsCase, WordsTeamMessages, WorksOnCases
from audit.models import AccessAction
from audit.services import record_access
from notifications import selectors
from notifications.models import (
    Language,
    MessageKind,
    MessageTemplate,
    OutboxMessage,
    PeerChannel,
    PeerNotificationPreference,
)
from notifications.scopes import activities_visible_to
from notifications.services.consent import household_sms_pause
from notifications.services.outbox import message_cancel
from notifications.services.planning import group_message_preview, preference_set, template_save
from notifications.text import preview, sensitive_words_in
from outreach import policies
from outreach.models import Household
from outreach.querysets import teams_visible_to, visible_to


class SeesOutbox(permissions.BasePermission):
    """Which messages went to whom is for coordinators (and admins) only."""

    def has_permission(self, request, view):
        return policies.can_see_outbox(request.user)


class OutboxMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutboxMessage
        fields = [
            "id", "kind", "channel", "to", "body", "status", "team", "send_after", "expires_at",
            "attempts", "provider_id", "error_code", "error_message", "segments", "price",
            "price_unit", "created_at", "sent_at",
        ]  # fmt: skip


class MonthSummarySerializer(serializers.Serializer):
    """A month of messages; `verdicts_*`: households asked for their own score when their
    case closed (month asked), how many answered, and the average score."""

    month = serializers.DateTimeField()
    went_out = serializers.IntegerField()
    delivered = serializers.IntegerField()
    failed = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    waiting = serializers.IntegerField()
    cost = serializers.DecimalField(max_digits=10, decimal_places=4, allow_null=True)
    delivery_rate = serializers.IntegerField(allow_null=True)
    opt_outs = serializers.IntegerField()
    verdicts_asked = serializers.IntegerField()
    verdicts_answered = serializers.IntegerField()
    verdict_average = serializers.FloatField(allow_null=True)


class SegmentRequestSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=1600, allow_blank=True, trim_whitespace=False)
    language = serializers.ChoiceField(choices=Language.choices, default="nl")
    activity = VisibleField(
        activities_visible_to,
        required=False,
        allow_null=True,
        help_text=_("A group message to this activity: counted for its recipients' names."),
    )
    team = VisibleField(
        teams_visible_to,
        required=False,
        allow_null=True,
        help_text=_(
            "Counted with this team's sign-off (its municipality's). Without it: the sign-off "
            "of your teams' municipality."
        ),
    )


class SegmentAnswerSerializer(serializers.Serializer):
    encoding = serializers.CharField()
    characters = serializers.IntegerField()
    segments = serializers.IntegerField()
    per_segment = serializers.IntegerField()
    sensitive_words = serializers.ListField(child=serializers.CharField())
    max_segments = serializers.IntegerField(help_text=_("The longest a text message may be."))


class OutboxViewSet(viewsets.ReadOnlyModelViewSet):
    """What went out, is waiting or failed, with the reason; for coordinators."""

    serializer_class = OutboxMessageSerializer
    permission_classes = [SeesOutbox]
    filterset_fields = ["status", "kind", "team"]
    ordering_fields = ["created_at", "sent_at"]

    def get_queryset(self):
        return selectors.outbox_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        record_access(request, action=AccessAction.VIEW_LIST, detail=gettext_noop("outbox"))
        return response

    # filters=False: the summary covers all of the caller's messages; it reads no filters.
    @extend_schema(responses={200: MonthSummarySerializer(many=True)}, filters=False)
    @action(detail=False, methods=["get"], pagination_class=None)
    def summary(self, request):
        """Per month: messages out, delivery rate, failures, opt-outs and cost."""
        return Response(
            MonthSummarySerializer(selectors.outbox_summary(user=request.user), many=True).data
        )

    @extend_schema(request=None, responses={200: OutboxMessageSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Stop a message that has not gone out yet."""
        message = self.get_object()
        if not message_cancel(message=message):
            raise serializers.ValidationError(
                {"status": _("Only a message that is still waiting can be cancelled.")}
            )
        message.refresh_from_db()
        return Response(self.get_serializer(message).data)

    @extend_schema(request=SegmentRequestSerializer, responses={200: SegmentAnswerSerializer})
    @action(detail=False, methods=["post"])
    def segments(self, request):
        """Length of a text as it will be sent, in characters and SMS segments (GSM-7 or
        UCS-2): with the opt-out line added when it has none, and the placeholders filled in
        at their longest (or, for a group message to `activity`, with its recipients' names).
        Also any words a shared phone should not show."""
        serializer = SegmentRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        body = data["body"]
        if data.get("activity"):
            count, _values, _language = group_message_preview(activity=data["activity"], body=body)
        else:
            signature = selectors.sms_signature_for(user=request.user, team=data.get("team"))
            count = preview(body, data["language"], signature=signature.as_values())
        return Response(
            {
                **count.__dict__,
                "sensitive_words": sensitive_words_in(body),
                "max_segments": settings.SMS_MAX_SEGMENTS,
            }
        )


class MessageTemplateSerializer(serializers.ModelSerializer):
    team = serializers.PrimaryKeyRelatedField(read_only=True)
    kind = serializers.ChoiceField(choices=MessageKind.choices)
    language = serializers.ChoiceField(choices=Language.choices)

    class Meta:
        model = MessageTemplate
        fields = ["id", "team", "kind", "language", "body", "updated_at"]
        read_only_fields = ["updated_at"]


class MessageTemplateWriteSerializer(MessageTemplateSerializer):
    team = VisibleField(teams_visible_to)


@extend_schema_view(
    create=extend_schema(
        request=MessageTemplateWriteSerializer, responses={201: MessageTemplateSerializer}
    )
)
class MessageTemplateViewSet(mixins.ListModelMixin, ServiceCreateMixin, ServiceViewSet):
    """A team's own wording per kind of message and language. Saving again replaces it.
    Refused when it holds words about poverty, debts, benefits or health."""

    serializer_class = MessageTemplateSerializer
    write_serializer_class = MessageTemplateWriteSerializer
    permission_classes = [SeesOutbox]
    selector = selectors.template_list
    permission_classes_by_action = {"create": [WordsTeamMessages]}
    filterset_fields = ["team", "kind", "language"]

    def perform_service_create(self, data: dict):
        return template_save(by=self.request.user, **data)


class PreferenceSerializer(serializers.ModelSerializer):
    channel = serializers.ChoiceField(choices=PeerChannel.choices)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)

    class Meta:
        model = PeerNotificationPreference
        fields = ["channel", "phone"]


class NotificationPreferenceViewSet(viewsets.GenericViewSet):
    """How the caller hears about their overdue follow-ups: text message, e-mail or not."""

    serializer_class = PreferenceSerializer
    permission_classes = [WorksOnCases]
    queryset = PeerNotificationPreference.objects.none()

    def get_object(self):
        """The caller's own preference (none chosen yet: no reminders). Also what OPTIONS
        describes, so that it needs no id in the address."""
        return PeerNotificationPreference.objects.filter(user=self.request.user).first() or (
            PeerNotificationPreference(user=self.request.user, channel=PeerChannel.NONE)
        )

    @extend_schema(
        methods=["put"], request=PreferenceSerializer, responses={200: PreferenceSerializer}
    )
    @extend_schema(methods=["get"], responses={200: PreferenceSerializer})
    @action(detail=False, methods=["get", "put"])
    def me(self, request):
        if request.method == "PUT":
            serializer = PreferenceSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            preference = preference_set(user=request.user, **serializer.validated_data)
        else:
            preference = self.get_object()
        return Response(PreferenceSerializer(preference).data)


class OwnVerdictSerializer(serializers.Serializer):
    score = serializers.IntegerField(allow_null=True)
    asked_at = serializers.DateTimeField()
    retried_at = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)


class HouseholdSmsSerializer(serializers.Serializer):
    household = serializers.IntegerField(read_only=True)
    sms_consent = serializers.BooleanField(read_only=True)
    paused = serializers.BooleanField()
    opted_out = serializers.BooleanField(read_only=True)
    own_verdict = OwnVerdictSerializer(read_only=True, allow_null=True)


class HouseholdSmsViewSet(DeclaredPermissions, viewsets.GenericViewSet):
    """Text messages to one household (by the household's id): consent, pause, STOP, and
    the household's own score for the help, beside the one the peer records. A household
    the caller cannot see is not found."""

    serializer_class = HouseholdSmsSerializer
    permission_classes = [WorksOnCases]
    permission_classes_by_action = {"pause": [EditsCase]}

    def get_queryset(self):
        return visible_to(self.request.user, Household)

    def _answer(self, request, household):
        record_access(
            request, action=AccessAction.VIEW_RECORD, household=household,
            detail=f"sms {household.pk}",
        )  # fmt: skip
        state = selectors.household_sms_state(household=household)
        return Response(HouseholdSmsSerializer(state).data)

    def retrieve(self, request, pk=None):
        return self._answer(request, self.get_object())

    @extend_schema(request=HouseholdSmsSerializer, responses={200: HouseholdSmsSerializer})
    @action(detail=True, methods=["put"])
    def pause(self, request, pk=None):
        """Pause (or resume) every text message to this household."""
        household = self.get_object()
        serializer = HouseholdSmsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        household_sms_pause(
            household=household, paused=serializer.validated_data["paused"], by=request.user
        )
        return self._answer(request, household)
