"""The coordinator workspace in the API: intake queue with suggestions, declined peers,
bulk reassignment and hand-over of a caseload, team workload and the overdue board."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from api.base import ColleagueField, ServiceCreateMixin, ServiceViewSet, VisibleRecordField
from api.permissions import AssignsEveryCase, RecordsDeclineForTheHousehold
from outreach import policies
from outreach.models import Household, PeerDecline, Team, User
from outreach.querysets import coordinated_team_ids, visible_to
from outreach.selectors import coordinator as selectors
from outreach.services.caseload import caseload_hand_over, cases_bulk_reassign
from outreach.services.declines import peer_decline_lift, peer_decline_record


class IsCoordinator(BasePermission):
    """Coordinator operations: coordinators of a team (and admins); peers and the
    municipality get 403."""

    def has_permission(self, request, view):
        return policies.coordinates_any_team(request.user)


class PeerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")


class IntakeSerializer(serializers.ModelSerializer):
    waiting_days = serializers.SerializerMethodField()
    registered_by = serializers.CharField(
        source="registered_by.username", allow_null=True, default=None
    )

    class Meta:
        model = Household
        fields = [
            "id",
            "team",
            "reference",
            "contact_name",
            "neighbourhood_code",
            "referral_source",
            "status",
            "registered_by",
            "created_at",
            "waiting_days",
        ]
        read_only_fields = fields

    def get_waiting_days(self, household) -> int:
        return selectors.waiting_days(household)


class SuggestionSerializer(serializers.Serializer):
    peer = PeerSerializer()
    open_cases = serializers.IntegerField()
    cases_in_neighbourhood = serializers.IntegerField()
    cases_in_district = serializers.IntegerField()


class DeclinedPeerSerializer(serializers.Serializer):
    peer = PeerSerializer()
    reason = serializers.CharField()


class SuggestionsSerializer(serializers.Serializer):
    suggested = SuggestionSerializer(many=True)
    declined = DeclinedPeerSerializer(many=True)
    assignable = PeerSerializer(
        many=True, help_text="Every peer who can lead or be buddy; never a declined one."
    )


class IntakeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Open cases of your teams without a lead peer, oldest first, with the waiting time."""

    serializer_class = IntakeSerializer
    permission_classes = [IsCoordinator]
    filterset_fields = ["team", "neighbourhood_code", "referral_source"]
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return selectors.intake_queue(user=self.request.user)

    @extend_schema(responses={200: SuggestionsSerializer})
    @action(detail=True, methods=["get"])
    def suggestions(self, request, pk=None):
        """Peers who could take this case: nearby first, then the least busy; never a peer
        the household declined (those are listed apart, with the reason). `assignable` is
        every peer who can be chosen as lead or buddy."""
        household = self.get_object()
        return Response(SuggestionsSerializer(selectors.peer_suggestions(household=household)).data)


class DeclineSerializer(serializers.ModelSerializer):
    household = VisibleRecordField()
    peer = ColleagueField(active_only=False, former_too=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, default=None)

    class Meta:
        model = PeerDecline
        fields = ["id", "household", "peer", "reason", "recorded_by", "created_at"]
        read_only_fields = ["created_at"]


class DeclineViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    mixins.DestroyModelMixin,
    ServiceViewSet,
):
    """Peers a household does not want in their home. Such a peer can never be assigned."""

    serializer_class = DeclineSerializer
    permission_classes = [IsCoordinator]
    selector = selectors.decline_list
    filterset_fields = ["household", "peer"]
    permission_classes_by_action = {"create": [RecordsDeclineForTheHousehold]}

    def perform_service_create(self, data):
        return peer_decline_record(
            household=data["household"],
            peer=data["peer"],
            reason=data.get("reason", ""),
            recorded_by=self.request.user,
        )

    def destroy(self, request, *args, **kwargs):
        peer_decline_lift(decline=self.get_object(), lifted_by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BulkReassignSerializer(serializers.Serializer):
    households = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=500,
        help_text=_("Case ids."),
    )
    lead = ColleagueField()
    reason = serializers.CharField(max_length=500)
    keep_buddy = serializers.BooleanField(default=True)

    def validate_households(self, ids):
        user = self.context["request"].user
        households = list(visible_to(user, Household).filter(pk__in=ids).order_by("reference"))
        if len(households) != len(set(ids)):
            raise serializers.ValidationError(_("One or more of these cases do not exist."))
        return households


class HandOverSerializer(serializers.Serializer):
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        help_text=_("Defaults to your team when you coordinate one."),
    )
    from_peer = ColleagueField(active_only=False, former_too=True)
    to_peer = ColleagueField()
    reason = serializers.CharField(max_length=500)

    def validate_team(self, team):
        user = self.context["request"].user
        if not Team.objects.filter(pk=team.pk, pk__in=coordinated_team_ids(user)).exists():
            raise serializers.ValidationError(_("You do not coordinate this team."))
        return team


class MovedSerializer(serializers.Serializer):
    moved = serializers.IntegerField(help_text=_("How many cases moved."))


class BulkMovedSerializer(MovedSerializer):
    kept_buddy = serializers.IntegerField(help_text="How many moved cases kept their buddy.")
    without_buddy = serializers.ListField(
        child=serializers.CharField(),
        help_text="Cases that had a buddy and have none now (not kept, or the new lead).",
    )


class HandedOverSerializer(MovedSerializer):
    now_lead = serializers.ListField(
        child=serializers.CharField(), help_text="Cases the new peer now leads."
    )
    now_buddy = serializers.ListField(
        child=serializers.CharField(), help_text="Cases where the new peer is now the buddy."
    )
    without_buddy = serializers.ListField(
        child=serializers.CharField(),
        help_text="Cases that have no buddy any more: the new peer was already on them.",
    )


class CaseloadViewSet(ServiceViewSet):
    """Move many cases in one step. All or nothing: when one case cannot move, none does,
    and the error names the case and the reason."""

    permission_classes = [IsCoordinator]
    permission_classes_by_action = {"reassign": [AssignsEveryCase]}
    serializer_class = MovedSerializer

    def get_queryset(self):
        return Household.objects.none()

    @extend_schema(request=BulkReassignSerializer, responses={200: BulkMovedSerializer})
    @action(detail=False, methods=["post"])
    def reassign(self, request):
        """Give the chosen cases a new lead peer (each keeps its buddy unless told not to)."""
        data = self.validated(data=request.data, serializer_class=BulkReassignSerializer)
        result = cases_bulk_reassign(
            households=data["households"],
            lead=data["lead"],
            reason=data["reason"],
            keep_buddy=data["keep_buddy"],
            assigned_by=request.user,
        )
        return Response(BulkMovedSerializer(result).data)

    @extend_schema(request=HandOverSerializer, responses={200: HandedOverSerializer})
    @action(detail=False, methods=["post"], url_path="hand-over")
    def hand_over(self, request):
        """Hand over every open case of one member to another (leaving or pausing)."""
        serializer = HandOverSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        team = serializer.validated_data.get("team") or self._only_team()
        result = caseload_hand_over(
            team=team,
            from_peer=serializer.validated_data["from_peer"],
            to_peer=serializer.validated_data["to_peer"],
            reason=serializer.validated_data["reason"],
            handed_over_by=request.user,
        )
        return Response(HandedOverSerializer(result).data)

    def _only_team(self) -> Team:
        teams = list(Team.objects.filter(pk__in=coordinated_team_ids(self.request.user))[:2])
        if len(teams) != 1:
            raise serializers.ValidationError({"team": [_("Choose the team.")]})
        return teams[0]


class WorkloadSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name")
    open_cases = serializers.IntegerField()
    leading = serializers.IntegerField(help_text=_("Open cases this peer leads."))
    visits_last_30_days = serializers.IntegerField()
    overdue_follow_ups = serializers.IntegerField()
    last_visit_at = serializers.DateTimeField(allow_null=True)
    days_since_last_visit = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "open_cases",
            "leading",
            "visits_last_30_days",
            "overdue_follow_ups",
            "last_visit_at",
            "days_since_last_visit",
        ]
        read_only_fields = fields

    def get_days_since_last_visit(self, peer) -> int | None:
        return selectors.days_since(peer.last_visit_at)


class WorkloadViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Per peer of your teams: open cases, visits in the last 30 days, overdue follow-ups."""

    serializer_class = WorkloadSerializer
    permission_classes = [IsCoordinator]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.workload(user=self.request.user)


class OverdueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    household = serializers.IntegerField(source="household_id")
    household_reference = serializers.CharField(source="household.reference")
    description = serializers.CharField()
    due_date = serializers.DateField()
    responsible = PeerSerializer()
    days_overdue = serializers.SerializerMethodField()
    escalated = serializers.SerializerMethodField(
        help_text=_("Overdue longer than the escalation period: for the coordinator.")
    )

    def get_days_overdue(self, follow_up) -> int:
        return selectors.days_overdue(follow_up)

    def get_escalated(self, follow_up) -> bool:
        return selectors.is_escalated(follow_up)


class OverdueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Follow-ups past their due date across your teams, oldest first."""

    serializer_class = OverdueSerializer
    permission_classes = [IsCoordinator]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.overdue_board(user=self.request.user)
