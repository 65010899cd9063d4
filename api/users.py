from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.permissions import WorksOnCasesOrManages
from outreach.models import User
from outreach.selectors.cases import user_list


class UserSerializer(serializers.ModelSerializer):
    team = serializers.SerializerMethodField()
    teams = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "role", "team", "teams"]

    def _memberships(self, user):
        memberships = getattr(user, "current_memberships", None)
        if memberships is None:
            memberships = list(user.memberships.current().select_related("team"))
        return memberships

    def get_team(self, user) -> int | None:
        memberships = self._memberships(user)
        return memberships[0].team_id if memberships else None

    def get_teams(self, user) -> list[int]:
        return [membership.team_id for membership in self._memberships(user)]


class MeSerializer(UserSerializer):
    municipality = serializers.CharField(source="municipality.code", allow_null=True)

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "municipality"]


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Members of the caller's own teams (coordinators and peers); for a municipal
    administrator, the accounts of its municipality."""

    serializer_class = UserSerializer
    permission_classes = [WorksOnCasesOrManages]
    filterset_fields = ["role"]
    search_fields = ["username", "first_name", "last_name"]

    def get_queryset(self):
        return user_list(user=self.request.user)

    @extend_schema(responses={200: MeSerializer})
    @action(
        detail=False,
        methods=["get"],
        permission_classes=[IsAuthenticated],
        serializer_class=MeSerializer,
    )
    def me(self, request, format=None):
        """The logged-in user, whatever their role."""
        return Response(MeSerializer(request.user).data)
