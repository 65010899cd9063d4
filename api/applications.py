from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from api.base import AccessLogged, ServiceCreateMixin, ServiceViewSet, VisibleRecordField
from outreach.models import Application, ProvisionCheck
from outreach.selectors.applications import application_list
from outreach.services.applications import (
    DOCUMENT_NAME_MAX,
    DOCUMENTS_MAX,
    application_decide,
    application_documents_set,
    application_postpone,
    application_start,
    application_submit,
)
from outreach.workflow import APPLICATION_DECISIONS, ApplicationStatus


class DocumentSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=DOCUMENT_NAME_MAX)
    done = serializers.BooleanField(default=False)


class ApplicationSerializer(serializers.ModelSerializer):
    provision_check = VisibleRecordField(model=ProvisionCheck)
    provision_name = serializers.CharField(source="provision_check.provision.name", read_only=True)
    provision_year = serializers.IntegerField(
        source="provision_check.provision.year",
        read_only=True,
        help_text=_("The catalogue year of the check's provision row, whose amounts apply."),
    )
    how_to_apply = serializers.CharField(
        source="provision_check.provision.how_to_apply", read_only=True
    )
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "household",
            "provision_check",
            "provision_name",
            "provision_year",
            "how_to_apply",
            "status",
            "started_on",
            "documents",
            "submitted_on",
            "decision_due_on",
            "postponed",
            "decided_on",
            "granted_annual_amount",
            "decision_note",
            "follow_up",
            "version",
        ]
        # A write gives only the check and the start date: the rest is the steps' to set.
        read_only_fields = [
            name for name in fields if name not in ("provision_check", "started_on")
        ]


class DocumentsSerializer(serializers.Serializer):
    documents = DocumentSerializer(many=True, max_length=DOCUMENTS_MAX)


class SubmitSerializer(serializers.Serializer):
    submitted_on = serializers.DateField(required=False, help_text=_("Empty: today."))


class PostponeSerializer(serializers.Serializer):
    decision_due_on = serializers.DateField(
        help_text=_("The new date by which the provider decides (after the old one).")
    )


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[(value, ApplicationStatus(value).label) for value in APPLICATION_DECISIONS]
    )
    decided_on = serializers.DateField(required=False, help_text=_("Empty: today."))
    granted_annual_amount = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text=_("Granted: the amount per year in euros (0 for help in kind)."),
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ApplicationViewSet(
    AccessLogged,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    ServiceViewSet,
):
    """Applications that follow a check with non-use found, up to the decision. POST starts
    one for a check (its checklist copied from the provision); then `{id}/documents/` (the
    checklist as it is now), `{id}/submit/` (a follow-up is made for the day the decision is
    due), `{id}/postpone/` (the provider extended its term) and `{id}/decide/`. The check's
    outcome follows the application."""

    serializer_class = ApplicationSerializer
    filterset_fields = ["household", "status"]
    ordering_fields = ["started_on", "decision_due_on"]
    selector = application_list

    def perform_service_create(self, data):
        return application_start(
            provision_check=data["provision_check"],
            started_by=self.request.user,
            started_on=data.get("started_on"),
        )

    def _step(self, request, serializer_class, service, **arguments):
        application = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        service(application=application, **arguments, **serializer.validated_data)
        return self.answer(application)

    @extend_schema(request=DocumentsSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        """The checklist as it is now: items ticked, added or removed."""
        return self._step(
            request, DocumentsSerializer, application_documents_set, changed_by=request.user
        )

    @extend_schema(request=SubmitSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The application went in; the decision is due after the provision's term."""
        return self._step(request, SubmitSerializer, application_submit, submitted_by=request.user)

    @extend_schema(request=PostponeSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def postpone(self, request, pk=None):
        """The provider extended its decision term (verdaagd): the new date."""
        return self._step(
            request, PostponeSerializer, application_postpone, changed_by=request.user
        )

    @extend_schema(request=DecideSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """The decision: granted (with the amount per year), refused, or withdrawn."""
        return self._step(request, DecideSerializer, application_decide, decided_by=request.user)
