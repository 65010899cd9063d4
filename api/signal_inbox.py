"""/api/v1/signal-inbox/: the signals a municipality's teams forwarded to it, and its answers.

The municipality reads the forwarded text, the theme, the team and when; the district only
where enough households share the theme there (reach/signals.py). Never who recorded or
forwarded it, nor a neighbourhood or a household. It answers with a status and a reply."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.permissions import RecordPolicy
from audit.models import AccessAction
from audit.services import record_access
from outreach import policies
from outreach.models import Signal, SignalAnswer, SignalAnswerStatus
from outreach.services.signals import signal_answer
from reach.signals import signal_inbox, signal_inbox_disclose


class ReadsSignalInbox(permissions.BasePermission):
    """The municipality's officials and the operator; anyone else is told the inbox is not
    there for them (403, the same as the other municipal routes)."""

    def has_permission(self, request, view):
        return policies.reads_signal_inbox(request.user)


class SignalAnswerSerializer(serializers.ModelSerializer):
    """An answer as the team and the municipality read it: never who answered."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = SignalAnswer
        fields = ["status", "status_display", "reply", "answered_at"]
        read_only_fields = fields


class InboxSignalSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme_label", read_only=True)
    team = serializers.CharField(source="team.name", read_only=True)
    municipality = serializers.CharField(source="team.municipality.code", read_only=True)
    text = serializers.CharField(source="forwarded_text", read_only=True)
    forwarded_at = serializers.DateTimeField(source="reviewed_at", read_only=True)
    district = serializers.CharField(
        source="district_code",
        read_only=True,
        help_text=_(
            "The CBS district, only where the forwarded signals of this theme in that district "
            "and year concern enough households together; otherwise empty (the municipality)."
        ),
    )
    district_name = serializers.CharField(read_only=True)
    answers = SignalAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = Signal
        fields = [
            "id",
            "theme",
            "team",
            "municipality",
            "text",
            "forwarded_at",
            "district",
            "district_name",
            "answers",
        ]
        read_only_fields = fields


class AnswerInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SignalAnswerStatus.choices)
    reply = serializers.CharField(
        max_length=1000,
        required=False,
        default="",
        allow_blank=True,
        help_text=_("Required with 'no action': say why."),
    )


class AnsweredQuerySerializer(serializers.Serializer):
    answered = serializers.BooleanField(
        required=False,
        help_text=_("false: only the signals not answered yet; true: only those answered."),
    )


class SignalInboxViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Signals forwarded to your municipality, newest first, with the answers given."""

    serializer_class = InboxSignalSerializer
    permission_classes = [ReadsSignalInbox, RecordPolicy]
    extra_query_parameters = ("answered",)  # read in get_queryset (known names)
    record_policies = {
        "answer": (
            policies.can_answer_signal,
            _("Only the municipality the signal was forwarded to can answer it."),
        )
    }

    def get_queryset(self):
        answered = None
        if self.action == "list" and "answered" in self.request.query_params:
            query = AnsweredQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            answered = query.validated_data["answered"]
        return signal_inbox(user=self.request.user, answered=answered)

    @extend_schema(parameters=[AnsweredQuerySerializer])
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        signals = signal_inbox_disclose(page, user=request.user)
        record_access(request, action=AccessAction.VIEW_LIST, detail=gettext_noop("signal inbox"))
        return self.get_paginated_response(self.get_serializer(signals, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        [signal] = signal_inbox_disclose([self.get_object()], user=request.user)
        return Response(self.get_serializer(signal).data)

    @extend_schema(request=AnswerInputSerializer, responses={201: SignalAnswerSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Answer the signal: received, being looked into, action taken, or no action (say
        why). Each answer is kept; the team sees them all on its signal."""
        signal = self.get_object()
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = signal_answer(signal=signal, answered_by=request.user, **data.validated_data)
        return Response(SignalAnswerSerializer(answer).data, status=201)
