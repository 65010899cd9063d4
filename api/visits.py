from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status

from api.base import CaseRecordViewSet, ContactableHouseholdField, HouseholdRecordSerializer
from api.filters import VisitFilter
from outreach.models import Visit
from outreach.selectors.cases import visit_list
from outreach.services.visits import visit_log


class VisitSerializer(HouseholdRecordSerializer):
    household = ContactableHouseholdField()
    client_uuid = serializers.UUIDField(
        help_text=_("Made on the phone; sending the same visit again returns the first one.")
    )
    started_at = serializers.DateTimeField(required=False)
    # Ids only: the service checks them against the household's team while it links them,
    # so looking the people up first would be a query for nothing.
    peers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        source="peer_ids",
        required=False,
        max_length=20,
        help_text=_("Who was there (ids); defaults to the person logging the visit."),
    )
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "household",
            "client_uuid",
            "started_at",
            "kind",
            "duration_minutes",
            "notes",
            "peers",
            "recorded_by",
            "created_at",
            "version",
        ]
        read_only_fields = ["recorded_by", "created_at"]

    def validate_client_uuid(self, value):
        if self.instance is not None and value != self.instance.client_uuid:
            raise serializers.ValidationError(_("The client id of a visit cannot change."))
        return value


@extend_schema_view(
    create=extend_schema(
        responses={
            201: VisitSerializer,
            200: OpenApiResponse(VisitSerializer, description="Already logged with this UUID"),
        }
    )
)
class VisitViewSet(CaseRecordViewSet):
    """Visits to households the caller may see. Logging is idempotent on `client_uuid`."""

    serializer_class = VisitSerializer
    selector = visit_list
    filterset_class = VisitFilter
    search_fields = ["notes", "household__reference"]
    ordering_fields = ["started_at"]

    def perform_service_create(self, data):
        visit, created = visit_log(recorded_by=self.request.user, **data)
        # A visit sent again (same client UUID) is answered as the one already logged.
        if not created:
            self.status_of_create = status.HTTP_200_OK
        # visit_log only returns a visit of the household the caller was allowed to name.
        return visit

    def extra_update_arguments(self, data: dict) -> dict:
        data.pop("client_uuid", None)
        return {"peer_ids": data.pop("peer_ids", None)}
