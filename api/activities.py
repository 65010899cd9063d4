"""Group activities, their sessions, participants, enrolment and attendance."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.base import (
    ServiceCreateMixin,
    ServiceModelViewSet,
    ServiceUpdateMixin,
    ServiceViewSet,
    VisibleRecordField,
)
from api.permissions import RunsTeamActivities, RunsTheActivity
from notifications import selectors
from notifications.models import (
    Activity,
    Enrolment,
    EnrolmentRole,
    Participant,
    Session,
    WishFulfilment,
)
from notifications.scopes import activities_visible_to, participants_visible_to
from notifications.services import activities as services
from notifications.services.consent import participant_consent_give, participant_consent_withdraw
from notifications.services.planning import group_message_send
from outreach import policies
from outreach.models import ConsentMethod, Household, ParticipationWish
from outreach.querysets import teams_visible_to, visible_to


@extend_schema_field(OpenApiTypes.INT)
class VisibleField(serializers.PrimaryKeyRelatedField):
    """An id the caller may see; any other reads as unknown."""

    def __init__(self, visible, **kwargs):
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.visible(request.user) if request else Activity.objects.none()


class ActivitySerializer(serializers.ModelSerializer):
    team = VisibleField(teams_visible_to)
    next_session_at = serializers.DateTimeField(read_only=True, allow_null=True)
    enrolled_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id", "team", "name", "place", "description", "organiser", "started_by_residents",
            "regular_min_present", "regular_window", "reminder_hours_before", "active",
            "next_session_at", "enrolled_count",
        ]  # fmt: skip

    def validate(self, attrs):
        minimum = attrs.get("regular_min_present", getattr(self.instance, "regular_min_present", 3))
        window = attrs.get("regular_window", getattr(self.instance, "regular_window", 5))
        if minimum > window:
            raise serializers.ValidationError(
                {"regular_min_present": _("Cannot be more than the number of sessions counted.")}
            )
        return attrs


TEAM_ONLY = _("Only members of the team can change this.")
COORDINATOR_ONLY = _("Only a coordinator can write to a whole group.")


def runs_activity_of(team_id_of):
    """The policy for a record of an activity: its team's members run it."""
    return lambda user, record: policies.can_run_activity(user, team_id_of(record))


class WishLinkSerializer(serializers.Serializer):
    wish = VisibleField(lambda user: visible_to(user, ParticipationWish))


class GroupMessageSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=640)
    key = serializers.CharField(
        max_length=40,
        required=False,
        default="",
        help_text=_("Any 8-40 letters or digits, new for each message: a request sent again "
                    "with the same key sends nothing more."),
    )  # fmt: skip


class GroupMessageResultSerializer(serializers.Serializer):
    planned = serializers.IntegerField()


class ActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    ServiceUpdateMixin,
    ServiceViewSet,
):
    """Group activities of the caller's teams (cooking group, walking group, course)."""

    serializer_class = ActivitySerializer
    selector = selectors.activity_list
    filterset_fields = ["team", "active"]
    search_fields = ["name", "place"]
    permission_classes_by_action = {"create": [RunsTeamActivities]}
    record_policies = {
        action: (runs_activity_of(lambda activity: activity.team_id), TEAM_ONLY)
        for action in ("update", "partial_update", "link_wish")
    } | {
        "message": (
            lambda user, activity: policies.can_message_group(user, activity.team_id),
            COORDINATOR_ONLY,
        )
    }

    def perform_service_create(self, data):
        team = data.pop("team")
        return services.activity_create(team=team, created_by=self.request.user, data=data)

    def perform_service_update(self, activity, data):
        if data.pop("team", activity.team) != activity.team:
            raise serializers.ValidationError(
                {"team": _("An activity cannot move to another team.")}
            )
        return services.activity_update(activity=activity, data=data)

    @extend_schema(request=WishLinkSerializer, responses={201: WishLinkSerializer})
    @action(detail=True, methods=["post"], url_path="link-wish")
    def link_wish(self, request, pk=None):
        """Mark a participation wish as realised by taking part in this activity."""
        activity = self.get_object()
        serializer = WishLinkSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        fulfilment: WishFulfilment = services.wish_link_activity(
            wish=serializer.validated_data["wish"], activity=activity, by=request.user
        )
        return Response({"wish": fulfilment.wish_id}, status=status.HTTP_201_CREATED)

    @extend_schema(request=GroupMessageSerializer, responses={202: GroupMessageResultSerializer})
    @action(detail=True, methods=["post"])
    def message(self, request, pk=None):
        """A coordinator's own text message to everyone in the group who accepts texts."""
        activity = self.get_object()
        serializer = GroupMessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        planned = group_message_send(
            activity=activity, by=request.user, **serializer.validated_data
        )
        return Response({"planned": planned}, status=status.HTTP_202_ACCEPTED)


class SessionSerializer(serializers.ModelSerializer):
    activity = VisibleField(activities_visible_to)
    present_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Session
        fields = ["id", "activity", "starts_at", "ends_at", "place", "cancelled", "present_count",
                  "attendance_recorded_at"]  # fmt: skip
        read_only_fields = ["attendance_recorded_at"]


class ParticipantIdField(serializers.IntegerField):
    """A participant's id: a number a database key can hold."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)


class AttendanceSerializer(serializers.Serializer):
    present = serializers.ListField(child=ParticipantIdField(), max_length=500)
    absent = serializers.ListField(
        child=ParticipantIdField(), max_length=500, required=False, default=list
    )


class SessionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    ServiceUpdateMixin,
    ServiceViewSet,
):
    """Meetings of the activities; attendance is recorded per session."""

    serializer_class = SessionSerializer
    selector = selectors.session_list
    filterset_fields = ["activity", "cancelled"]
    ordering_fields = ["starts_at"]
    permission_classes_by_action = {"create": [RunsTheActivity]}
    record_policies = {
        action: (runs_activity_of(lambda session: session.activity.team_id), TEAM_ONLY)
        for action in ("update", "partial_update", "attendance")
    }

    def perform_service_create(self, data):
        return services.session_create(activity=data.pop("activity"), data=data)

    def perform_service_update(self, session, data):
        if data.pop("activity", session.activity) != session.activity:
            raise serializers.ValidationError({"activity": _("A session cannot move.")})
        return services.session_update(session=session, data=data)

    @extend_schema(request=AttendanceSerializer, responses={200: SessionSerializer})
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Who came (present) and who did not (absent), by participant id."""
        session = self.get_object()
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.attendance_record(
            session=session,
            present_ids=serializer.validated_data["present"],
            absent_ids=serializer.validated_data["absent"],
            recorded_by=request.user,
        )
        return self.answer(session)


class ParticipantSerializer(serializers.ModelSerializer):
    team = VisibleField(teams_visible_to)
    household = VisibleRecordField(model=Household, allow_null=True, required=False)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    sms_consent = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = ["id", "team", "name", "phone", "household", "language", "sms_paused",
                  "sms_consent"]  # fmt: skip

    def get_sms_consent(self, participant) -> bool:
        return bool(getattr(participant, "standing_consents", None))


class ParticipantConsentSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    text_version = serializers.CharField(max_length=20)


class ParticipantViewSet(ServiceModelViewSet):
    """People who take part in activities: household members or anyone else. Removing a
    participant erases them and everything about them (coordinators)."""

    serializer_class = ParticipantSerializer
    selector = selectors.participant_list
    filterset_fields = ["team", "household"]
    search_fields = ["name"]
    permission_classes_by_action = {"create": [RunsTeamActivities]}
    record_policies = {
        action: (runs_activity_of(lambda participant: participant.team_id), TEAM_ONLY)
        for action in ("update", "partial_update", "consent", "withdraw_consent")
    } | {
        "destroy": (
            lambda user, participant: policies.can_message_group(user, participant.team_id),
            _("Only a coordinator can erase a participant."),
        )
    }

    def perform_service_create(self, data):
        return services.participant_create(team=data.pop("team"), data=data)

    def perform_service_update(self, participant, data):
        if data.pop("team", participant.team) != participant.team:
            raise serializers.ValidationError({"team": _("A participant cannot move team.")})
        return services.participant_update(participant=participant, data=data)

    def destroy(self, request, *args, **kwargs):
        services.participant_erase(participant=self.get_object(), erased_by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ParticipantConsentSerializer, responses={201: ParticipantSerializer})
    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None):
        """Record the participant's opt-in to text messages (how, and which text version)."""
        participant = self.get_object()
        serializer = ParticipantConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        participant_consent_give(
            participant=participant, recorded_by=request.user, **serializer.validated_data
        )
        return self.answer(participant, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ParticipantSerializer})
    @action(detail=True, methods=["post"], url_path="withdraw-consent")
    def withdraw_consent(self, request, pk=None):
        """The participant wants no more text messages."""
        participant = self.get_object()
        participant_consent_withdraw(participant=participant, source=f"staff:{request.user.pk}")
        return self.answer(participant)


class EnrolmentSerializer(serializers.ModelSerializer):
    activity = VisibleField(activities_visible_to)
    participant = VisibleField(participants_visible_to)
    role = serializers.ChoiceField(choices=EnrolmentRole.choices, default=EnrolmentRole.PARTICIPANT)

    class Meta:
        model = Enrolment
        fields = ["id", "activity", "participant", "role", "is_regular", "enrolled_at", "ended_at"]
        read_only_fields = ["enrolled_at", "ended_at"]


class EnrolmentViewSet(
    mixins.ListModelMixin,
    ServiceCreateMixin,
    mixins.DestroyModelMixin,
    ServiceViewSet,
):
    """Who is enrolled in which activity; removing an enrolment ends it (kept on record)."""

    serializer_class = EnrolmentSerializer
    filterset_fields = ["activity", "participant"]
    permission_classes_by_action = {"create": [RunsTheActivity]}
    record_policies = {
        "destroy": (runs_activity_of(lambda enrolment: enrolment.activity.team_id), TEAM_ONLY)
    }

    def get_queryset(self):
        return selectors.enrolment_list(user=self.request.user).filter(ended_at__isnull=True)

    def perform_service_create(self, data):
        return services.enrolment_create(
            activity=data["activity"],
            participant=data["participant"],
            role=data["role"],
            is_regular=data.get("is_regular", False),
        )

    def destroy(self, request, *args, **kwargs):
        services.enrolment_end(enrolment=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
