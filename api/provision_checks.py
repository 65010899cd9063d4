from rest_framework import serializers

from api.base import CaseRecordViewSet, HouseholdRecordSerializer
from api.filters import ProvisionCheckFilter
from outreach.models import Provision, ProvisionCheck
from outreach.querysets import provisions_visible_to
from outreach.selectors.cases import provision_check_list
from outreach.services.provision_checks import provision_check_create


class VisibleProvisionField(serializers.PrimaryKeyRelatedField):
    """A provision of the caller's catalogue: the shared ones and their municipality's."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Provision.objects.none()
        return provisions_visible_to(request.user)


class ProvisionCheckSerializer(HouseholdRecordSerializer):
    provision = VisibleProvisionField()
    provision_name = serializers.CharField(source="provision.name", read_only=True)

    class Meta:
        model = ProvisionCheck
        fields = [
            "id",
            "household",
            "provision",
            "provision_name",
            "outcome",
            "non_use_reason",
            "estimated_annual_value",
            "checked_on",
            "outcome_changed_on",
            "version",
        ]
        read_only_fields = ["outcome_changed_on"]


class ProvisionCheckViewSet(CaseRecordViewSet):
    """Non-use checks: which provisions a household does (not) use, and what came of it."""

    serializer_class = ProvisionCheckSerializer
    selector = provision_check_list
    filterset_class = ProvisionCheckFilter
    search_fields = ["provision__name"]
    ordering_fields = ["checked_on", "outcome_changed_on"]

    def perform_service_create(self, data):
        household = data.pop("household")
        return provision_check_create(household=household, created_by=self.request.user, data=data)
