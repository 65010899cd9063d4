"""First contacts: noted before a household agrees to anything, so they name nobody (no
name, address or phone), only the team, neighbourhood, how the team came into contact and
what the household said."""

from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers

from api.base import OwnTeamByDefault, ServiceCreateMixin, ServiceViewSet
from api.permissions import NotesFirstContactsForTheTeam, WorksOnCases
from outreach.models import FirstContact, Team
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
    OwnTeamByDefault,
    ServiceViewSet,
):
    """First contacts of your team(s). Anyone in the team notes one."""

    serializer_class = FirstContactSerializer
    permission_classes = [WorksOnCases]
    permission_classes_by_action = {"create": [NotesFirstContactsForTheTeam]}
    selector = first_contact_list
    filterset_fields = ["outcome", "referral_source", "neighbourhood_code", "team"]

    def perform_service_create(self, data: dict):
        return first_contact_note(noted_by=self.request.user, **data)
