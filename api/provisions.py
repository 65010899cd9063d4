from rest_framework import serializers, viewsets

from api.permissions import CatalogueReadOrAdmin
from outreach.models import Provision


class ProvisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provision
        fields = ["id", "name", "level", "eligibility_note", "typical_annual_value", "active"]


class ProvisionViewSet(viewsets.ModelViewSet):
    """The catalogue of provisions to check. Everyone who works on cases reads it; admins
    keep it up to date."""

    serializer_class = ProvisionSerializer
    permission_classes = [CatalogueReadOrAdmin]
    queryset = Provision.objects.all()
    filterset_fields = ["level", "active"]
    search_fields = ["name", "eligibility_note"]
