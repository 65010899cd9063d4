from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.base import ServiceModelViewSet
from api.permissions import CatalogueReadOrManage, ManagesCatalogueRow
from outreach.models import Provision
from outreach.models.provisions import current_year
from outreach.querysets import provisions_visible_to
from outreach.services.provisions import provision_create, provision_delete, provision_update


class ProvisionSerializer(serializers.ModelSerializer):
    municipality_code = serializers.CharField(
        source="municipality.code", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Provision
        fields = [
            "id",
            "name",
            "municipality_code",
            "year",
            "level",
            "eligibility_note",
            "how_to_apply",
            "typical_annual_value",
            "decision_term_weeks",
            "application_documents",
            "active",
        ]

    def validate(self, attrs):
        # The database refuses a second row of one name and year in one catalogue; say so.
        user = self.context["request"].user
        municipality_id = (
            self.instance.municipality_id
            if self.instance
            else (user.municipality_id if user.is_municipal_admin else None)
        )
        name = attrs.get("name", getattr(self.instance, "name", None))
        year = attrs.get("year", getattr(self.instance, "year", None) or current_year())
        twins = Provision.objects.filter(name=name, year=year, municipality_id=municipality_id)
        if self.instance:
            twins = twins.exclude(pk=self.instance.pk)
        if twins.exists():
            raise serializers.ValidationError(
                {"name": _("This catalogue already has this provision for that year.")}
            )
        return attrs


class ProvisionViewSet(ServiceModelViewSet):
    """The catalogue of provisions to check: the shared (national) rows and those of your
    own municipality, each from its year on. Everyone who works on cases reads it; a
    municipal administrator keeps its municipality's rows, the administrator the shared
    ones."""

    serializer_class = ProvisionSerializer
    permission_classes = [CatalogueReadOrManage]
    permission_classes_by_action = {
        action: [ManagesCatalogueRow] for action in ("update", "partial_update", "destroy")
    }
    selector = provisions_visible_to
    filterset_fields = ["level", "active", "year"]
    search_fields = ["name", "eligibility_note"]

    def perform_service_create(self, data: dict):
        return provision_create(created_by=self.request.user, data=data)

    def perform_service_update(self, record, data: dict):
        return provision_update(provision=record, data=data)

    def perform_destroy(self, instance):
        provision_delete(provision=instance)
