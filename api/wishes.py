from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.base import CaseRecordViewSet, HouseholdRecordSerializer, VisibleRecordField
from api.filters import WishFilter
from outreach.models import Barrier, HouseholdMember, LocalOffer, ParticipationWish
from outreach.querysets import offers_visible_to
from outreach.selectors.cases import wish_list
from outreach.services.wishes import wish_create


class VisibleOfferField(serializers.PrimaryKeyRelatedField):
    """An entry of the caller's own municipality's offer; any other id reads as unknown."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return LocalOffer.objects.none()
        return offers_visible_to(request.user)


class WishSerializer(HouseholdRecordSerializer):
    member = VisibleRecordField(model=HouseholdMember, allow_null=True, required=False)
    barriers = serializers.ListField(
        child=serializers.ChoiceField(choices=Barrier.choices), required=False, max_length=10
    )
    offer = VisibleOfferField(
        allow_null=True,
        required=False,
        help_text=_(
            "An entry of the local offer (/api/v1/offers/) where the wish can come true: of "
            "the household's municipality, active and valid today."
        ),
    )

    class Meta:
        model = ParticipationWish
        fields = [
            "id",
            "household",
            "member",
            "category",
            "description",
            "barriers",
            "status",
            "offer",
            "articulated_on",
            "status_changed_on",
            "version",
        ]
        read_only_fields = ["articulated_on", "status_changed_on"]


class WishViewSet(CaseRecordViewSet):
    """Participation wishes of households the caller may see."""

    serializer_class = WishSerializer
    selector = wish_list
    filterset_class = WishFilter
    search_fields = ["description"]
    ordering_fields = ["articulated_on", "status_changed_on"]

    def perform_service_create(self, data):
        household = data.pop("household")
        return wish_create(household=household, created_by=self.request.user, data=data)
