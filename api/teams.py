from rest_framework import serializers, viewsets

from outreach.models import Team
from outreach.selectors.cases import team_list


class TeamSerializer(serializers.ModelSerializer):
    municipality_code = serializers.CharField(source="municipality.code", read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "municipality_code", "municipality_name"]


class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    """Teams: your own (peers, coordinators), your municipality's (municipality users and
    municipal administrators)."""

    serializer_class = TeamSerializer

    def get_queryset(self):
        return team_list(user=self.request.user)
