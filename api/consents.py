from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.base import AccessLogged, VisibleRecordField
from api.permissions import WorksOnCases
from outreach.models import Consent, ConsentText
from outreach.selectors.cases import consent_list
from outreach.services.consent import consent_give, consent_withdraw


class ConsentTextSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsentText
        fields = ["id", "scope", "version", "text_nl", "text_en", "published_on"]


class ConsentSerializer(serializers.ModelSerializer):
    household = VisibleRecordField()
    text = serializers.PrimaryKeyRelatedField(
        queryset=ConsentText.objects.all(),
        help_text=_("The version of the text shown to the household."),
    )
    text_version = serializers.CharField(source="text.version", read_only=True)

    class Meta:
        model = Consent
        fields = [
            "id",
            "household",
            "scope",
            "text",
            "text_version",
            "method",
            "given_at",
            "recorded_by",
            "withdrawn_at",
            "withdrawn_by",
        ]
        read_only_fields = ["given_at", "recorded_by", "withdrawn_at", "withdrawn_by"]


class ConsentViewSet(
    AccessLogged,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Consent given by households, scope by scope. Consent is never edited or deleted:
    it is withdrawn, and the record of it stays."""

    serializer_class = ConsentSerializer
    permission_classes = [WorksOnCases]
    filterset_fields = ["household", "scope"]

    def get_queryset(self):
        return consent_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent = consent_give(recorded_by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ConsentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw this consent. Withdrawing consent for health data erases that data;
        for home visits, visits and new follow-ups are refused and open follow-ups cancelled;
        for keeping data, the whole case is anonymised at once (after this answer)."""
        consent = consent_withdraw(consent=self.get_object(), withdrawn_by=request.user)
        return Response(self.get_serializer(consent).data)


class ConsentTextViewSet(viewsets.ReadOnlyModelViewSet):
    """The published consent texts, to show the household before it agrees."""

    serializer_class = ConsentTextSerializer
    permission_classes = [WorksOnCases]
    queryset = ConsentText.objects.all()
    filterset_fields = ["scope"]
    pagination_class = None
