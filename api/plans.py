from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from api.base import AccessLogged, ServiceCreateMixin, ServiceViewSet, VisibleRecordField
from api.permissions import WorksOnCases
from outreach.models import LadderRung, LadderStep, OwnScore, ParticipationPlan, ScoreSource
from outreach.selectors.cases import own_score_list, plan_list
from outreach.services.plans import own_score_record, plan_agree, plan_review


class LadderStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = LadderStep
        fields = ["id", "kind", "rung", "on", "note", "recorded_by"]


class PlanSerializer(serializers.ModelSerializer):
    household = VisibleRecordField()
    rung = serializers.ChoiceField(
        choices=LadderRung.choices,
        write_only=True,
        help_text=_("Where the household stands on the participation ladder now (1-6)."),
    )
    steps = LadderStepSerializer(many=True, read_only=True)
    review_follow_up = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ParticipationPlan
        fields = [
            "id",
            "household",
            "goals",
            "agreed_on",
            "review_on",
            "review_follow_up",
            "agreed_by",
            "rung",
            "steps",
            "version",
        ]
        read_only_fields = ["agreed_by", "version"]


class PlanReviewSerializer(serializers.Serializer):
    rung = serializers.ChoiceField(choices=LadderRung.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    goals = serializers.CharField(max_length=2000, required=False)
    next_review_on = serializers.DateField(
        allow_null=True, help_text=_("The next review; null when no new review is needed.")
    )


class PlanViewSet(
    AccessLogged,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    ServiceViewSet,
):
    """Participation plans agreed with households, with their steps on the participation
    ladder. A plan is made once (with the rung at the start and the review date, for which a
    follow-up is made) and then reviewed: `{id}/review/`."""

    serializer_class = PlanSerializer
    permission_classes = [WorksOnCases]
    filterset_fields = ["household"]
    selector = plan_list

    def perform_service_create(self, data):
        return plan_agree(agreed_by=self.request.user, **data)

    @extend_schema(request=PlanReviewSerializer, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Review the plan: the rung now, what changed, and the next review date."""
        plan = self.get_object()
        serializer = PlanReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan_review(plan=plan, reviewed_by=request.user, **serializer.validated_data)
        return self.answer(plan)


class OwnScoreSerializer(serializers.ModelSerializer):
    household = VisibleRecordField()

    class Meta:
        model = OwnScore
        fields = ["id", "household", "score", "source", "given_on", "recorded_by"]
        read_only_fields = ["source", "recorded_by"]


class OwnScoreViewSet(
    AccessLogged,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    ServiceViewSet,
):
    """The households' own scores for the help (1-10): text message replies, and paper forms
    entered by the team (POST: a paper form; the latest score of a household counts)."""

    serializer_class = OwnScoreSerializer
    permission_classes = [WorksOnCases]
    filterset_fields = ["household", "source"]

    selector = own_score_list

    def perform_service_create(self, data):
        return own_score_record(source=ScoreSource.PAPER, recorded_by=self.request.user, **data)
