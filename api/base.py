from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api.conflict_responses import conflict_response
from api.permissions import RecordPolicy, WorksOnCases
from audit.models import AccessAction
from audit.services import describe_query, record_access
from outreach import policies
from outreach.models import Household, User
from outreach.querysets import colleagues_past_and_present, users_visible_to, visible_to
from outreach.selectors.cases import contact_wanted
from outreach.services.record_changes import record_change
from outreach.services.records import record_delete


class VisibleRecordField(serializers.PrimaryKeyRelatedField):
    """A case record the caller may see; any other id reads as unknown (it does not exist)."""

    def __init__(self, model=Household, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        return visible_to(request.user, self.model)


class ContactableHouseholdField(VisibleRecordField):
    """A household the caller may see, read together with whether it wants contact (its
    home-visit consent stands): the service's consent check then asks no query of its own."""

    def get_queryset(self):
        return super().get_queryset().annotate(contact_wanted=contact_wanted())


@extend_schema_field(OpenApiTypes.INT)
class ColleagueField(serializers.PrimaryKeyRelatedField):
    """A person the caller may see (outreach.querysets.users_visible_to: the current members
    of their own teams); any other id reads as unknown, exactly like one that exists nowhere.
    So an answer never names, nor tells of, a person of another team or municipality, as it
    would if the person were found first and refused after (with their name)."""

    def __init__(self, *, active_only: bool = True, former_too: bool = False, **kwargs):
        self.active_only = active_only
        self.former_too = former_too  # also who has left the caller's teams
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return User.objects.none()
        visible = colleagues_past_and_present if self.former_too else users_visible_to
        people = visible(request.user)
        return people.filter(is_active=True) if self.active_only else people


VERSION_HELP = _(
    "On a change: the version you edited. If someone else changed the same fields since, "
    "nothing is overwritten: the answer is 409 with both values, kept as a conflict."
)


class HouseholdRecordSerializer(serializers.ModelSerializer):
    """Base for records that belong to a household: the household is set once, on create."""

    household = VisibleRecordField()
    version = serializers.IntegerField(min_value=1, required=False, help_text=VERSION_HELP)

    def validate_household(self, household):
        if self.instance is not None and household.pk != self.instance.household_id:
            raise serializers.ValidationError(_("A record cannot move to another household."))
        return household


class AccessLogged:
    """Put first in a case resource's bases: every list and every record read lands in
    the access log (one INSERT, no lookup)."""

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        record_access(request, action=AccessAction.VIEW_LIST, detail=describe_query(request))
        return response

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        household = record if isinstance(record, Household) else record.household
        record_access(
            request,
            action=(
                AccessAction.VIEW_HOUSEHOLD
                if isinstance(record, Household)
                else AccessAction.VIEW_RECORD
            ),
            household=household,
            detail=f"{record._meta.model_name} {record.pk}",
        )
        return Response(self.get_serializer(record).data)


class ServiceViewSet(viewsets.GenericViewSet):
    """The one way a resource writes (with ServiceCreateMixin and ServiceUpdateMixin in
    place of DRF's): validate with the serializer, call the resource's service
    (`perform_service_create(data)`, `perform_service_update(record, data)`) and answer
    with the record read again through the list's selector, as a read would show it. Which
    policy each action asks is declared, not written out in it: `create_policy` about the
    validated data, `record_policies` (api.permissions.RecordPolicy) about the record."""

    permission_classes = [WorksOnCases, RecordPolicy]
    selector = None
    # (policy(user, data) -> bool, message): asked about a new record before it is made.
    create_policy = None
    # The serializer that validates a write where it is not the one that answers.
    write_serializer_class = None

    def get_queryset(self):
        return type(self).selector(user=self.request.user)

    def validated(self, *args, serializer_class=None, **kwargs) -> dict:
        write_class = serializer_class or self.write_serializer_class or self.get_serializer_class()
        serializer = write_class(*args, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def answer(self, record, status=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.reread(record)).data, status=status)

    def reread(self, record):
        return self.get_queryset().get(pk=record.pk)


class ServiceCreateMixin(mixins.CreateModelMixin):
    status_of_create = status.HTTP_201_CREATED

    def create(self, request, *args, **kwargs):
        data = self.validated(data=request.data)
        if self.create_policy is not None:
            allowed, message = self.create_policy
            if not allowed(request.user, data):
                raise PermissionDenied(message)
        record = self.perform_service_create(data)
        return self.answer(record, status=self.status_of_create)

    def perform_service_create(self, data: dict):
        raise NotImplementedError


class ServiceUpdateMixin(mixins.UpdateModelMixin):
    def update(self, request, *args, **kwargs):
        record = self.get_object()
        data = self.validated(record, data=request.data, partial=kwargs.get("partial", False))
        return self.answer(self.perform_service_update(record, data))

    def perform_service_update(self, record, data: dict):
        raise NotImplementedError


def can_delete_case_record(user, record) -> bool:
    return policies.can_delete_record(user, record.household)


class ServiceModelViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    ServiceUpdateMixin,
    mixins.DestroyModelMixin,
    ServiceViewSet,
):
    """List, read, create, change and remove, writing through the services."""


class CaseRecordViewSet(AccessLogged, ServiceModelViewSet):
    """List, read, create, change and remove records of households the caller may see.
    Writes go through the resource's services; removal is for coordinators."""

    record_policies = {
        "destroy": (can_delete_case_record, _("Only a coordinator can remove this.")),
    }

    def validated(self, *args, **kwargs) -> dict:
        data = super().validated(*args, **kwargs)
        if self.action == "create":
            data.pop("version", None)
        return data

    def update(self, request, *args, **kwargs):
        """A change made on a stale version is kept as a conflict, answered with 409."""
        record = self.get_object()
        data = self.validated(record, data=request.data, partial=kwargs.get("partial"))
        data.pop("household", None)
        base_version = data.pop("version", None)
        changed, conflict = record_change(
            record=record,
            changed_by=request.user,
            data=data,
            base_version=base_version,
            **self.extra_update_arguments(data),
        )
        if conflict is not None:
            return conflict_response(conflict, self.get_serializer(record).data)
        return self.answer(changed)

    def reread(self, record):
        # A new record is answered as the service made it, whole: the create budget
        # (tests/api/test_query_budgets.py) has no room to read it again.
        return record if self.action == "create" else super().reread(record)

    def extra_update_arguments(self, data: dict) -> dict:
        return {}

    def destroy(self, request, *args, **kwargs):
        record_delete(record=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
