from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api.permissions import WorksOnCases
from audit.models import AccessAction
from audit.services import describe_query, record_access
from outreach import policies
from outreach.models import Household, User
from outreach.querysets import colleagues_past_and_present, users_visible_to, visible_to
from outreach.services.conflicts import record_change
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


class CaseRecordViewSet(
    AccessLogged,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create, change and remove records of households the caller may see.
    Writes go through the resource's services; removal is for coordinators."""

    permission_classes = [WorksOnCases]
    selector = None

    def get_queryset(self):
        return type(self).selector(user=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        record = self.perform_service_create(data)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        record = self.get_object()
        serializer = self.get_serializer(record, data=request.data, partial=kwargs.get("partial"))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
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
        return Response(self.get_serializer(self.get_queryset().get(pk=changed.pk)).data)

    def extra_update_arguments(self, data: dict) -> dict:
        return {}

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        if not policies.can_delete_record(request.user, record.household):
            raise PermissionDenied(_("Only a coordinator can remove this."))
        record_delete(record=record)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_service_create(self, data):
        raise NotImplementedError


def conflict_response(conflict, current_record: dict) -> Response:
    """409: the change was kept aside, with both values, for someone to choose."""
    from api.conflicts import ConflictSerializer

    return Response(
        {
            "detail": _(
                "Someone else changed this in the meantime. Both versions are kept: "
                "choose which one is right."
            ),
            "conflict": ConflictSerializer(conflict).data,
            "current": current_record,
        },
        status=status.HTTP_409_CONFLICT,
    )
