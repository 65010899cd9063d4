from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.base import (
    VERSION_HELP,
    AccessLogged,
    ColleagueField,
    OwnTeamByDefault,
    ServiceCreateMixin,
    ServiceViewSet,
    VersionedUpdateMixin,
)
from api.filters import HouseholdFilter
from api.permissions import RegistersForTheTeam
from audit.retention import household_erase
from outreach import policies
from outreach.models import (
    AgeBand,
    ConsentMethod,
    ConsentScope,
    ConsentText,
    Household,
    HouseholdMember,
    Team,
    User,
)
from outreach.selectors.cases import household_list
from outreach.services.assignments import case_assign
from outreach.services.consent import ConsentGiven
from outreach.services.households import (
    EDITABLE_FIELDS,
    household_close,
    household_register,
    household_reopen,
    member_add,
)
from outreach.workflow import ClosingReason


class PeerSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = HouseholdMember
        fields = ["id", "label", "age_band"]


class RegistrationConsentSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=ConsentScope.choices)
    text = serializers.PrimaryKeyRelatedField(
        queryset=ConsentText.objects.all(),
        help_text=_("The version of the text shown to the household."),
    )
    method = serializers.ChoiceField(choices=ConsentMethod.choices)


class HouseholdSerializer(serializers.ModelSerializer):
    consents = RegistrationConsentSerializer(
        many=True,
        write_only=True,
        required=False,
        help_text=_(
            "At registration: the consents the household gave, at least for home visits and "
            "for keeping data. Without them no household is registered."
        ),
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        help_text=_("Defaults to the team of the person registering."),
    )
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    closing_reason = serializers.ChoiceField(
        choices=ClosingReason.choices, allow_blank=True, read_only=True
    )
    lead = serializers.SerializerMethodField()
    buddy = serializers.SerializerMethodField()
    members = MemberSerializer(many=True, read_only=True)
    last_visit_at = serializers.DateTimeField(read_only=True, allow_null=True)
    open_wishes = serializers.IntegerField(read_only=True)
    open_follow_ups = serializers.IntegerField(read_only=True)
    contact_wanted = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "False when the household's consent for home visits does not stand: it wants no "
            "contact, and nothing can be planned or logged for it."
        ),
    )
    version = serializers.IntegerField(min_value=1, required=False, help_text=VERSION_HELP)

    class Meta:
        model = Household
        fields = [
            "id",
            "reference",
            "team",
            "consents",
            *EDITABLE_FIELDS,
            "status",
            "closing_reason",
            "satisfaction",
            "became_more_active",
            "closed_at",
            "lead",
            "buddy",
            "members",
            "last_visit_at",
            "open_wishes",
            "open_follow_ups",
            "contact_wanted",
            "created_at",
            "version",
        ]
        read_only_fields = [
            "reference",
            "status",
            "closing_reason",
            "satisfaction",
            "became_more_active",
            "closed_at",
            "created_at",
        ]

    def _current(self, household):
        current = getattr(household, "current_assignments", None)
        if current is None:
            current = list(household.assignments.current().select_related("lead", "buddy"))
        return current[0] if current else None

    @staticmethod
    def _peer(user: User | None):
        return {"id": user.pk, "username": user.username} if user else None

    def get_lead(self, household) -> PeerSummarySerializer(allow_null=True):
        assignment = self._current(household)
        return self._peer(assignment.lead if assignment else None)

    def get_buddy(self, household) -> PeerSummarySerializer(allow_null=True):
        assignment = self._current(household)
        return self._peer(assignment.buddy if assignment else None)

    def validate_team(self, team):
        if self.instance is not None and team.pk != self.instance.team_id:
            raise serializers.ValidationError(_("Use assignment to move a case."))
        return team


class AssignSerializer(serializers.Serializer):
    lead = ColleagueField()
    buddy = ColleagueField(allow_null=True, required=False, default=None)
    reason = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class AssignmentSerializer(serializers.Serializer):
    household = serializers.IntegerField(source="household_id")
    lead = serializers.IntegerField(source="lead_id")
    buddy = serializers.IntegerField(source="buddy_id", allow_null=True)
    reason = serializers.CharField()
    started_at = serializers.DateTimeField()


class CloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ClosingReason.choices)
    satisfaction = serializers.IntegerField(
        min_value=1, max_value=10, allow_null=True, required=False, default=None
    )
    became_more_active = serializers.BooleanField(allow_null=True, required=False, default=None)


class EraseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class MemberCreateSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=60)
    age_band = serializers.ChoiceField(choices=AgeBand.choices, required=False, default="")


class HouseholdViewSet(
    AccessLogged,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    VersionedUpdateMixin,
    OwnTeamByDefault,
    ServiceViewSet,
):
    """Households (cases) the caller may see: their own (peer) or their team's (coordinator)."""

    serializer_class = HouseholdSerializer
    selector = household_list
    record_policies = {
        "assign": (policies.can_assign, _("Only a coordinator of this team can assign cases.")),
        "close": (policies.can_close, _("Only a coordinator of this team can close a case.")),
        "reopen": (policies.can_close, _("Only a coordinator of this team can reopen a case.")),
        "erase": (policies.can_erase, _("Only a coordinator of this team can erase a case.")),
    }
    permission_classes_by_action = {"create": [RegistersForTheTeam]}
    # Moving a case to another team is an assignment, not a change.
    fixed_fields = ("team",)
    choose_team_message = _("Choose the team for this household.")
    filterset_class = HouseholdFilter
    search_fields = ["reference", "contact_name", "postcode"]
    ordering_fields = ["created_at", "reference", "last_visit_at"]

    def reread(self, household):
        annotated = self.get_queryset().filter(pk=household.pk).first()
        if annotated is None:
            # A peer who registers a household does not see it until the coordinator
            # assigns it; they still get back what they just sent.
            household.current_assignments = []
            household.last_visit_at, household.open_wishes, household.open_follow_ups = None, 0, 0
            household.contact_wanted = True  # registered with its consent a moment ago
            annotated = household
        return annotated

    def completed(self, data: dict) -> dict:
        data = super().completed(data)
        if self.action != "create" and data.pop("consents", None) is not None:
            raise serializers.ValidationError(
                {"consents": [_("Give or withdraw consent through the consents endpoint.")]}
            )
        return data

    def perform_service_create(self, data):
        data.pop("version", None)
        consents = [ConsentGiven(**consent) for consent in data.pop("consents", [])]
        return household_register(
            team=data.pop("team"), registered_by=self.request.user, data=data, consents=consents
        )

    def as_it_stands(self, household) -> dict:
        return self.answer(household).data

    @extend_schema(
        request=AssignSerializer,
        responses={201: AssignmentSerializer, 400: OpenApiResponse(description="Invalid input")},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Give the case a lead peer and optionally a buddy (coordinators of the team)."""
        household = self.get_object()
        serializer = AssignSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        assignment = case_assign(
            household=household, assigned_by=request.user, **serializer.validated_data
        )
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CloseSerializer, responses={200: HouseholdSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the case with a reason and the household's score (coordinators)."""
        household = self.get_object()
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        household_close(household=household, closed_by=request.user, **serializer.validated_data)
        return self.answer(household)

    @extend_schema(request=None, responses={200: HouseholdSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen a closed case; it returns to the intake queue (coordinators)."""
        household = self.get_object()
        household_reopen(household=household, reopened_by=request.user)
        return self.answer(household)

    @extend_schema(request=MemberCreateSerializer, responses={201: MemberSerializer})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        """Add a household member that a wish can be for."""
        household = self.get_object()
        serializer = MemberCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = member_add(household=household, **serializer.validated_data)
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EraseSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def erase(self, request, pk=None):
        """Erase the household on its request: anonymised in place at once, history and
        messages included; only a record that an erasure happened stays (right to erasure)."""
        household = self.get_object()
        serializer = EraseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        household_erase(
            household=household, erased_by=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
