"""First contacts: noted before a household agrees to anything, so they name nobody (no
name, address or phone), only the team, neighbourhood, how the team came into contact and
what the household said."""

from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers

from api.base import ServiceCreateMixin, ServiceViewSet
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
    ServiceCreateMixin,
    ServiceViewSet,
):
    """First contacts of your team(s). Anyone in the team notes one."""

    serializer_class = FirstContactSerializer
    permission_classes = [WorksOnCases]
    selector = first_contact_list
    filterset_fields = ["outcome", "referral_source", "neighbourhood_code", "team"]

    def perform_service_create(self, data: dict):
        team = data.pop("team", None) or self._only_team()
        if not policies.can_register_household(self.request.user, team.pk):
            raise serializers.ValidationError(
                {"team": [_("You can only note first contacts for your own team.")]}
            )
        return first_contact_note(team=team, noted_by=self.request.user, **data)

    def _only_team(self) -> Team:
        teams = list(Team.objects.filter(pk__in=current_team_ids(self.request.user))[:2])
        if len(teams) != 1:
            raise serializers.ValidationError({"team": [_("Choose the team.")]})
        return teams[0]
