"""Volunteer hours and allowance per team member per month, against the legal maximum."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api.base import ColleagueField
from api.permissions import WorksOnCases
from outreach import policies
from outreach.models import AllowanceLimit, Team, VolunteerMonth
from outreach.selectors.coordinator import volunteer_month_list
from outreach.services.team_care import OTHER_ORGANISATIONS_REMINDER, volunteer_month_record


class VolunteerMonthSerializer(serializers.ModelSerializer):
    user = ColleagueField(active_only=False, former_too=True)
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all())
    month = serializers.DateField(help_text=_("Any day of the month; stored as the first."))

    class Meta:
        model = VolunteerMonth
        fields = ["id", "user", "team", "month", "hours", "allowance", "other_allowance"]
        extra_kwargs = {"other_allowance": {"required": False}}
        # One row per member and month: the service corrects an existing month.
        validators: list = []


class VolunteerMonthResultSerializer(VolunteerMonthSerializer):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)
    reminder = serializers.CharField(read_only=True)

    class Meta(VolunteerMonthSerializer.Meta):
        fields = [*VolunteerMonthSerializer.Meta.fields, "warnings", "reminder"]


class AllowanceLimitSerializer(serializers.ModelSerializer):
    class Meta:
        model = AllowanceLimit
        fields = ["year", "per_hour", "per_month", "per_year"]


class VolunteerMonthViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Hours and allowance per member per month: coordinators record them for their team
    (recording a month again corrects it); a peer reads their own."""

    serializer_class = VolunteerMonthSerializer
    permission_classes = [WorksOnCases]
    filterset_fields = ["user", "team", "month"]

    def get_queryset(self):
        return volunteer_month_list(user=self.request.user)

    @extend_schema(responses={201: VolunteerMonthResultSerializer})
    def create(self, request, *args, **kwargs):
        if not policies.coordinates_any_team(request.user):
            raise PermissionDenied(_("Only a coordinator can record this."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if not policies.can_record_volunteer_month(request.user, data["team"].pk):
            raise serializers.ValidationError({"team": [_("You do not coordinate this team.")]})
        record, check = volunteer_month_record(recorded_by=request.user, **data)
        record.warnings, record.reminder = check.warnings, str(OTHER_ORGANISATIONS_REMINDER)
        return Response(VolunteerMonthResultSerializer(record).data, status=status.HTTP_201_CREATED)


class AllowanceLimitViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The legal maximum of a tax-free volunteer allowance, per year."""

    serializer_class = AllowanceLimitSerializer
    permission_classes = [WorksOnCases]
    pagination_class = None
    queryset = AllowanceLimit.objects.all()
