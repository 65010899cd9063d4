"""First contacts: noted before a household agrees to anything, so they name nobody (no
name, address or phone), only the team, neighbourhood, how the team came into contact and
what the household said."""

from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from api.permissions import WorksOnCases
from outreach import policies
from outreach.models import FirstContact, Team
from outreach.querysets import current_team_ids
from outreach.selectors.cases import first_contact_list
from outreach.services.first_contacts import first_contact_note


class FirstContactSerializer(serializers.ModelSerializer):
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        help_text=_("Defaults to your team when you are in one."),
    )
    neighbourhood_name = serializers.CharField(read_only=True, allow_null=True)
    client_uuid = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=_("Made by the phone: sending the same contact again notes it once."),
    )

    class Meta:
        model = FirstContact
        fields = [
            "id",
            "team",
            "neighbourhood_code",
            "neighbourhood_name",
            "referral_source",
            "outcome",
            "contacted_on",
            "client_uuid",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        extra_kwargs = {"contacted_on": {"required": False}}


class FirstContactViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """First contacts of your team(s). Anyone in the team notes one."""

    serializer_class = FirstContactSerializer
    permission_classes = [WorksOnCases]
    filterset_fields = ["outcome", "referral_source", "neighbourhood_code", "team"]

    def get_queryset(self):
        return first_contact_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        team = data.pop("team", None) or self._only_team()
        if not policies.can_register_household(request.user, team.pk):
            raise serializers.ValidationError(
                {"team": [_("You can only note first contacts for your own team.")]}
            )
        contact = first_contact_note(team=team, noted_by=request.user, **data)
        contact = self.get_queryset().filter(pk=contact.pk).first() or contact
        return Response(self.get_serializer(contact).data, status=status.HTTP_201_CREATED)

    def _only_team(self) -> Team:
        teams = list(Team.objects.filter(pk__in=current_team_ids(self.request.user))[:2])
        if len(teams) != 1:
            raise serializers.ValidationError({"team": [_("Choose the team.")]})
        return teams[0]
