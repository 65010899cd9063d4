"""Team care: volunteer hours and allowance per member per month against the legal maximum,
the team's trainings and meetings with attendance, and expenses with their receipts."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from api.base import ColleagueField, ServiceCreateMixin, ServiceViewSet
from api.permissions import (
    ApprovesExpense,
    CoordinatesATeamToRecord,
    DeletesExpense,
    RecordsMeetingsForTheTeam,
    RecordsMeetingsOfTheTeam,
    RecordsVolunteerMonthsForTheTeam,
    SubmitsExpenseForTheTeam,
    WorksOnCases,
)
from outreach import policies
from outreach.files import receipt_response
from outreach.models import AllowanceLimit, Expense, Team, TeamMeeting, VolunteerMonth
from outreach.selectors.team_care import expense_list, meeting_list, volunteer_month_list
from outreach.services.team_care import (
    EXPENSES_NOTE,
    OTHER_ORGANISATIONS_REMINDER,
    expense_approve,
    expense_delete,
    expense_submit,
    meeting_record,
    volunteer_month_record,
)


class VolunteerMonthSerializer(serializers.ModelSerializer):
    user = ColleagueField(active_only=False, former_too=True)
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all())
    month = serializers.DateField(help_text=_("Any day of the month; stored as the first."))
    meeting_hours = serializers.DecimalField(
        max_digits=6,
        decimal_places=1,
        read_only=True,
        help_text=_("Hours of attended trainings and meetings that month, counted on top."),
    )
    confirm_over_limit = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_(
            "Passing a legal maximum is refused (400, code over_limit) unless this is true: "
            "then the month is saved and marked as recorded over the limit."
        ),
    )

    class Meta:
        model = VolunteerMonth
        fields = ["id", "user", "team", "month", "hours", "meeting_hours", "allowance",
                  "other_allowance", "over_limit_confirmed", "confirm_over_limit"]  # fmt: skip
        read_only_fields = ["over_limit_confirmed"]
        extra_kwargs = {"other_allowance": {"required": False}}
        # One row per member and month: the service corrects an existing month.
        validators: list = []


class VolunteerMonthResultSerializer(VolunteerMonthSerializer):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)
    over = serializers.ListField(child=serializers.CharField(), read_only=True)
    reminder = serializers.CharField(read_only=True)

    class Meta(VolunteerMonthSerializer.Meta):
        fields = [*VolunteerMonthSerializer.Meta.fields, "warnings", "over", "reminder"]


class AllowanceLimitSerializer(serializers.ModelSerializer):
    class Meta:
        model = AllowanceLimit
        fields = ["year", "per_hour", "per_hour_under_21", "per_month", "per_year", "source"]


class RecordedByCoordinators(permissions.BasePermission):
    """Reads for who works on cases (each list shows what they may see); a new record only
    by a coordinator, asked before its data is looked at. Which team: the view's check."""

    message = _("Only a coordinator can record this.")

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or policies.coordinates_any_team(
            request.user
        )


@extend_schema_view(
    create=extend_schema(
        request=VolunteerMonthSerializer, responses={201: VolunteerMonthResultSerializer}
    )
)
class VolunteerMonthViewSet(mixins.ListModelMixin, ServiceCreateMixin, ServiceViewSet):
    """Hours and allowance per member per month: coordinators record them for their team
    (recording a month again corrects it); a peer reads their own."""

    serializer_class = VolunteerMonthSerializer
    write_serializer_class = VolunteerMonthSerializer
    permission_classes = [WorksOnCases, RecordedByCoordinators]
    permission_classes_by_action = {"create": [RecordsVolunteerMonthsForTheTeam]}
    selector = volunteer_month_list
    filterset_fields = ["user", "team", "month"]

    def get_serializer_class(self):
        return (
            VolunteerMonthResultSerializer
            if self.action == "create"
            else super().get_serializer_class()
        )

    def perform_service_create(self, data):
        record, check = volunteer_month_record(recorded_by=self.request.user, **data)
        record.meeting_hours = check.meeting_hours
        record.warnings, record.over = check.warnings, check.over
        record.reminder = str(OTHER_ORGANISATIONS_REMINDER)
        return record

    def reread(self, record):
        # The answer carries the check of this recording (its warnings against the legal
        # maximum), which a read of the month does not hold.
        return record


class AllowanceLimitViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The legal maximum of a tax-free volunteer allowance, per year."""

    serializer_class = AllowanceLimitSerializer
    permission_classes = [WorksOnCases]
    pagination_class = None
    queryset = AllowanceLimit.objects.all()


class MeetingAttendanceSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    attended = serializers.BooleanField()


class TeamMeetingSerializer(serializers.ModelSerializer):
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all())
    attended = ColleagueField(
        many=True,
        write_only=True,
        required=False,
        help_text=_("The members who attended; every other member is recorded as absent."),
    )
    attendance = MeetingAttendanceSerializer(many=True, read_only=True)

    class Meta:
        model = TeamMeeting
        fields = ["id", "team", "kind", "held_on", "hours", "topic", "attended", "attendance"]


class TeamMeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    ServiceViewSet,
):
    """Trainings, case discussions, peer review and team meetings, with who attended. The
    team's coordinator records them; attended hours count as volunteer hours of that month.
    Team members read their teams' meetings."""

    serializer_class = TeamMeetingSerializer
    permission_classes = [WorksOnCases]
    # A new meeting: refused to who coordinates no team (403), else for a team they do not
    # coordinate (400); a meeting corrected: by its team's coordinator.
    permission_classes_by_action = {
        "create": [CoordinatesATeamToRecord, RecordsMeetingsForTheTeam],
        "update": [RecordsMeetingsOfTheTeam],
    }
    selector = meeting_list
    filterset_fields = ["team", "kind", "held_on"]

    def perform_service_create(self, data):
        return self._record(data)

    @extend_schema(responses={200: TeamMeetingSerializer})
    def update(self, request, *args, **kwargs):
        # Corrected whole (PUT), its attendance with it: a meeting has no partial change.
        meeting = self.get_object()
        return self.answer(self._record(self.validated(meeting, data=request.data), meeting))

    def _record(self, data: dict, meeting=None):
        return meeting_record(
            team=meeting.team if meeting else data["team"],
            kind=data["kind"],
            held_on=data["held_on"],
            hours=data["hours"],
            topic=data["topic"],
            attended=data.get("attended", []),
            recorded_by=self.request.user,
            meeting=meeting,
        )


class ExpenseSerializer(serializers.ModelSerializer):
    user = ColleagueField(help_text=_("Whose expense; leave out for your own."), required=False)
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all())
    receipt = serializers.FileField(
        write_only=True,
        required=False,
        help_text=_("A photo (JPEG or PNG) or a PDF of the receipt."),
    )
    has_receipt = serializers.SerializerMethodField()

    class Meta:
        model = Expense
        fields = ["id", "user", "team", "spent_on", "kind", "amount", "description", "receipt",
                  "has_receipt", "status", "approved_at"]  # fmt: skip
        read_only_fields = ["status", "approved_at"]

    def get_has_receipt(self, expense) -> bool:
        return bool(expense.receipt)


class ExpenseCreatedSerializer(ExpenseSerializer):
    note = serializers.SerializerMethodField()

    class Meta(ExpenseSerializer.Meta):
        fields = [*ExpenseSerializer.Meta.fields, "note"]

    def get_note(self, expense) -> str:
        """What is paid back, and when: the same note the expense pages show."""
        return str(EXPENSES_NOTE)


@extend_schema_view(
    create=extend_schema(request=ExpenseSerializer, responses={201: ExpenseCreatedSerializer})
)
class ExpenseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    mixins.DestroyModelMixin,
    ServiceViewSet,
):
    """Expenses paid back on a receipt (bus fare, phone credit, other): a team member's own,
    or recorded by the coordinator; the coordinator approves them for payment. Not income:
    they do not count towards the volunteer allowance's limits."""

    serializer_class = ExpenseSerializer
    write_serializer_class = ExpenseSerializer
    permission_classes = [WorksOnCases]
    permission_classes_by_action = {
        "create": [SubmitsExpenseForTheTeam],
        "destroy": [DeletesExpense],
        "approve": [ApprovesExpense],
    }
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    selector = expense_list
    filterset_fields = ["user", "team", "status", "kind"]

    def get_serializer_class(self):
        if self.action == "create":
            return ExpenseCreatedSerializer
        return super().get_serializer_class()

    def perform_service_create(self, data):
        member = data.pop("user", None) or self.request.user
        return expense_submit(user=member, recorded_by=self.request.user, **data)

    def perform_destroy(self, instance):
        expense_delete(expense=instance, deleted_by=self.request.user)

    @extend_schema(request=None, responses={200: ExpenseSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve the expense for payment (the team's coordinator, never for their own)."""
        expense = self.get_object()
        return Response(
            self.get_serializer(expense_approve(expense=expense, approved_by=request.user)).data
        )

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def receipt(self, request, pk=None):
        """The receipt file: only for the person and the coordinators of their team."""
        expense = self.get_object()
        if not expense.receipt:
            raise Http404
        return receipt_response(expense)
