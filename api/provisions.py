from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers, viewsets

from api.permissions import CatalogueReadOrManage
from outreach import policies
from outreach.models import Provision
from outreach.models.provisions import current_year
from outreach.querysets import provisions_visible_to


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


class ProvisionViewSet(viewsets.ModelViewSet):
    """The catalogue of provisions to check: the shared (national) rows and those of your
    own municipality, each from its year on. Everyone who works on cases reads it; a
    municipal administrator keeps its municipality's rows, the administrator the shared
    ones."""

    serializer_class = ProvisionSerializer
    permission_classes = [CatalogueReadOrManage]
    filterset_fields = ["level", "active", "year"]
    search_fields = ["name", "eligibility_note"]

    def get_queryset(self):
        return provisions_visible_to(self.request.user)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in permissions.SAFE_METHODS and not policies.manages_municipality(
            request.user, obj.municipality_id
        ):
            self.permission_denied(request)

    def perform_create(self, serializer):
        # A municipal administrator's rows are its municipality's; the operator's are shared.
        user = self.request.user
        serializer.save(municipality_id=user.municipality_id if user.is_municipal_admin else None)
