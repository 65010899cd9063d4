"""Signals: needs that officials overlook. Recorded by peers and coordinators without
personal data; reviewed and forwarded by the coordinator."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action

from api.base import OwnTeamByDefault, ServiceCreateMixin, ServiceViewSet
from api.permissions import RecordsSignalsForTheTeam, WorksOnCases
from api.signal_inbox import SignalAnswerSerializer
from outreach import policies
from outreach.models import Signal, SignalTheme, Team
from outreach.querysets import signal_themes_visible_to
from outreach.selectors.coordinator import signal_list
from outreach.services.signals import signal_forward, signal_record, signal_set_aside


class VisibleThemeField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return SignalTheme.objects.none()
        return signal_themes_visible_to(request.user).filter(active=True, listed=True)


class SignalSerializer(serializers.ModelSerializer):
    theme = VisibleThemeField()
    theme_name = serializers.CharField(source="theme.name", read_only=True)
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        help_text=_("Defaults to your team when you are in one."),
    )
    confirmed_no_personal_data = serializers.BooleanField(
        write_only=True,
        default=False,
        help_text=_(
            "When the description looks like it holds a name, phone number, e-mail or "
            "postcode, the signal is refused unless you confirm it does not."
        ),
    )

    answers = SignalAnswerSerializer(
        many=True,
        read_only=True,
        help_text=_("The municipality's answers, newest first."),
    )

    class Meta:
        model = Signal
        fields = [
            "id",
            "team",
            "theme",
            "theme_name",
            "neighbourhood_code",
            "neighbourhood_year",
            "description",
            "households_concerned",
            "status",
            "created_at",
            "reviewed_at",
            "review_note",
            "forwarded_text",
            "answers",
            "confirmed_no_personal_data",
        ]
        read_only_fields = ["status", "created_at", "reviewed_at", "review_note", "forwarded_text"]
        extra_kwargs = {"neighbourhood_year": {"required": False}}


class ReviewSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class ForwardSerializer(ReviewSerializer):
    forwarded_text = serializers.CharField(
        max_length=2000,
        required=False,
        default="",
        allow_blank=True,
        help_text=_(
            "The text the municipality reads; empty: the description. A text that looks like "
            "it holds a name, phone number, address, date of birth or postcode is refused."
        ),
    )
    confirmed_no_personal_data = serializers.BooleanField(
        help_text=_("Required: you checked that the text holds no personal data.")
    )


class SignalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    OwnTeamByDefault,
    ServiceViewSet,
):
    """Signals of your team(s). Anyone in the team records one; a coordinator forwards it
    to the municipality or sets it aside."""

    serializer_class = SignalSerializer
    selector = signal_list
    record_policies = {
        action: (
            policies.can_review_signal,
            _("Only a coordinator of this team can review signals."),
        )
        for action in ("forward", "set_aside")
    }
    permission_classes_by_action = {"create": [RecordsSignalsForTheTeam]}
    filterset_fields = ["status", "theme", "neighbourhood_code", "team"]
    search_fields = ["description"]

    def perform_service_create(self, data):
        return signal_record(recorded_by=self.request.user, **data)

    @extend_schema(request=ForwardSerializer, responses={200: SignalSerializer})
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        """Pass the signal on: its checked text to the municipality's signals inbox, and
        theme, area and count to its figures."""
        signal = self.get_object()
        serializer = ForwardSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signal = signal_forward(
            signal=signal, forwarded_by=request.user, **serializer.validated_data
        )
        return self.answer(signal)

    @extend_schema(request=ReviewSerializer, responses={200: SignalSerializer})
    @action(detail=True, methods=["post"], url_path="set-aside")
    def set_aside(self, request, pk=None):
        """Do not forward the signal; the note says why."""
        signal = self.get_object()
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signal = signal_set_aside(
            signal=signal, reviewed_by=request.user, note=serializer.validated_data["note"]
        )
        return self.answer(signal)


class SignalThemeSerializer(serializers.ModelSerializer):
    shared = serializers.SerializerMethodField()

    class Meta:
        model = SignalTheme
        fields = ["id", "name", "active", "shared"]
        read_only_fields = fields

    def get_shared(self, theme) -> bool:
        return theme.municipality_id is None


class SignalThemeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The themes a signal can have: the shared starting list and your municipality's own.
    An administrator keeps the list (in the admin); nobody adds a theme here."""

    serializer_class = SignalThemeSerializer
    permission_classes = [WorksOnCases]
    pagination_class = None

    def get_queryset(self):
        return signal_themes_visible_to(self.request.user).filter(active=True, listed=True)
