from rest_framework import serializers

from api.base import CaseRecordViewSet, HouseholdRecordSerializer, VisibleRecordField
from api.filters import WishFilter
from outreach.models import Barrier, HouseholdMember, ParticipationWish
from outreach.selectors.cases import wish_list
from outreach.services.wishes import wish_create


class WishSerializer(HouseholdRecordSerializer):
    member = VisibleRecordField(model=HouseholdMember, allow_null=True, required=False)
    barriers = serializers.ListField(
        child=serializers.ChoiceField(choices=Barrier.choices), required=False, max_length=10
    )

    class Meta:
        model = ParticipationWish
        fields = [
            "id",
            "household",
            "member",
            "category",
            "description",
            "barriers",
            "status",
            "articulated_on",
            "status_changed_on",
            "version",
        ]
        read_only_fields = ["articulated_on", "status_changed_on"]


class WishViewSet(CaseRecordViewSet):
    """Participation wishes of households the caller may see."""

    serializer_class = WishSerializer
    selector = wish_list
    filterset_class = WishFilter
    search_fields = ["description"]
    ordering_fields = ["articulated_on", "status_changed_on"]

    def perform_service_create(self, data):
        household = data.pop("household")
        return wish_create(household=household, created_by=self.request.user, data=data)
