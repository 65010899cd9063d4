from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action

from api.base import AccessLogged, ServiceCreateMixin, ServiceViewSet, VisibleRecordField
from api.permissions import CatalogueReadOrManage
from outreach.models import Consent, ConsentText
from outreach.querysets import consent_texts_visible_to
from outreach.selectors.cases import consent_list
from outreach.services.consent import consent_give, consent_withdraw


class ConsentTextSerializer(serializers.ModelSerializer):
    municipality_code = serializers.CharField(
        source="municipality.code", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = ConsentText
        fields = [
            "id",
            "municipality_code",
            "scope",
            "version",
            "text_nl",
            "text_en",
            "published_on",
        ]


class VisibleTextField(serializers.PrimaryKeyRelatedField):
    """A consent text the caller may see: the deployment's or their municipality's."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return ConsentText.objects.none()
        return consent_texts_visible_to(request.user)


class ConsentSerializer(serializers.ModelSerializer):
    household = VisibleRecordField()
    text = VisibleTextField(
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
    ServiceCreateMixin,
    ServiceViewSet,
):
    """Consent given by households, scope by scope. Consent is never edited or deleted:
    it is withdrawn, and the record of it stays."""

    serializer_class = ConsentSerializer
    selector = consent_list
    filterset_fields = ["household", "scope"]

    def perform_service_create(self, data):
        return consent_give(recorded_by=self.request.user, **data)

    @extend_schema(request=None, responses={200: ConsentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw this consent. Withdrawing consent for health data erases that data;
        for home visits, visits and new follow-ups are refused and open follow-ups cancelled;
        for keeping data, the whole case is anonymised at once (after this answer)."""
        return self.answer(consent_withdraw(consent=self.get_object(), withdrawn_by=request.user))


class ConsentTextViewSet(viewsets.ReadOnlyModelViewSet):
    """The published consent texts, to show the household before it agrees: the
    deployment's and those of your own municipality (its own, where it has one, is used)."""

    serializer_class = ConsentTextSerializer
    permission_classes = [CatalogueReadOrManage]
    filterset_fields = ["scope"]
    pagination_class = None

    def get_queryset(self):
        return consent_texts_visible_to(self.request.user)
