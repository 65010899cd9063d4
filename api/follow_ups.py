from api.base import (
    CaseRecordViewSet,
    ColleagueField,
    ContactableHouseholdField,
    HouseholdRecordSerializer,
    VisibleRecordField,
)
from api.filters import FollowUpFilter
from outreach.models import FollowUp, ParticipationWish, ProvisionCheck
from outreach.selectors.cases import follow_up_list
from outreach.services.follow_ups import EDITABLE_FIELDS, follow_up_create


class FollowUpSerializer(HouseholdRecordSerializer):
    household = ContactableHouseholdField()
    wish = VisibleRecordField(model=ParticipationWish, allow_null=True, required=False)
    provision_check = VisibleRecordField(model=ProvisionCheck, allow_null=True, required=False)
    responsible = ColleagueField(required=False)

    class Meta:
        model = FollowUp
        fields = ["id", "household", *EDITABLE_FIELDS, "completed_at", "created_at", "version"]
        read_only_fields = ["completed_at", "created_at"]


class FollowUpViewSet(CaseRecordViewSet):
    """What is to be done for a household, by whom and when."""

    serializer_class = FollowUpSerializer
    selector = follow_up_list
    filterset_class = FollowUpFilter
    search_fields = ["description", "household__reference"]
    ordering_fields = ["due_date", "created_at"]

    def perform_service_create(self, data):
        household = data.pop("household")
        return follow_up_create(household=household, created_by=self.request.user, data=data)
