from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.base import (
    AccessLogged,
    ServiceCreateMixin,
    ServiceViewSet,
    VisibleRecordField,
    can_delete_case_record,
)
from outreach.models import ContactMade, Referral, ReferralConsentMethod
from outreach.selectors.referrals import referral_list
from outreach.services.records import record_delete
from outreach.services.referrals import referral_make, referral_record_contact


class ReferralSerializer(serializers.ModelSerializer):
    household = VisibleRecordField()
    consent_given = serializers.BooleanField(
        write_only=True,
        help_text=_("The household agrees to this referral. Without it, the referral is refused."),
    )
    consent_method = serializers.ChoiceField(
        choices=ReferralConsentMethod.choices, required=False, allow_blank=True, default=""
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    follow_up = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "household",
            "kind",
            "kind_display",
            "organisation",
            "consent_given",
            "consent_method",
            "referred_on",
            "contact_made",
            "contact_on",
            "note",
            "follow_up",
            "referred_by",
            "created_at",
            "version",
        ]
        read_only_fields = [
            "contact_made",
            "contact_on",
            "referred_by",
            "created_at",
            "version",
        ]
        extra_kwargs = {"referred_on": {"required": False}}


class ReferralContactSerializer(serializers.Serializer):
    contact_made = serializers.ChoiceField(choices=[ContactMade.YES, ContactMade.NO])
    contact_on = serializers.DateField(required=False, help_text=_("Empty: today."))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ReferralViewSet(
    AccessLogged,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    mixins.DestroyModelMixin,
    ServiceViewSet,
):
    """Referrals of households to partner organisations (debt help, the food bank, the Wmo
    desk, a social worker), made with the household's consent. Each makes a follow-up two
    weeks on; `{id}/contact/` records whether there was contact and completes it. Removal
    (a referral entered by mistake) is for coordinators."""

    serializer_class = ReferralSerializer
    filterset_fields = ["household", "kind", "contact_made"]
    ordering_fields = ["referred_on", "created_at"]
    selector = referral_list
    record_policies = {
        "destroy": (can_delete_case_record, _("Only a coordinator can remove this.")),
    }

    def perform_service_create(self, data):
        return referral_make(referred_by=self.request.user, **data)

    def reread(self, record):
        return record if self.action == "create" else super().reread(record)

    @extend_schema(request=ReferralContactSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        """Whether the household and the organisation found each other (yes or no)."""
        referral = self.get_object()
        serializer = ReferralContactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral_record_contact(
            referral=referral, recorded_by=request.user, **serializer.validated_data
        )
        return self.answer(referral)

    def destroy(self, request, *args, **kwargs):
        record_delete(record=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
