from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from api.conflict_responses import conflict_response
from api.permissions import DataPermission, RecordPolicy, WorksOnCases
from audit.models import AccessAction
from audit.services import describe_query, record_access
from outreach import policies
from outreach.models import Household, Team, User
from outreach.querysets import (
    colleagues_past_and_present,
    current_team_ids,
    users_visible_to,
    visible_to,
)
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


class DeclaredPermissions:
    """Which checks each action asks, declared beside it rather than written out in it: the
    view's `permission_classes` for every action and, on top of them for one action,
    `permission_classes_by_action = {"approve": [ApprovesExpense]}`. As in DRF, each
    class's has_permission is asked before the action and its has_object_permission when
    the action reads its record (get_object: a record out of scope is a 404 before any
    403); an api.permissions.DataPermission's has_data_permission once the input is valid
    (check_data_permissions, which ServiceViewSet.validated calls)."""

    permission_classes_by_action: dict = {}

    def get_permissions(self):
        declared = self.permission_classes_by_action.get(self.action, [])
        return [permission() for permission in [*self.permission_classes, *declared]]

    def check_data_permissions(self, data: dict) -> None:
        for permission in self.get_permissions():
            if not isinstance(permission, DataPermission):
                continue
            if permission.has_data_permission(self.request, self, data):
                continue
            if permission.invalid_field:
                raise serializers.ValidationError({permission.invalid_field: [permission.message]})
            self.permission_denied(self.request, message=permission.message)


class ServiceViewSet(DeclaredPermissions, viewsets.GenericViewSet):
    """The one way a resource writes (with ServiceCreateMixin and ServiceUpdateMixin in
    place of DRF's): validate with the serializer, call the resource's service
    (`perform_service_create(data)`, `perform_service_update(record, data)`) and answer
    with the record read again through the list's selector, as a read would show it. Which
    policy each action asks is declared, not written out in it: permission classes per
    action (DeclaredPermissions; a DataPermission about the validated input), and
    `record_policies` (api.permissions.RecordPolicy) about the record."""

    permission_classes = [WorksOnCases, RecordPolicy]
    selector = None
    # The serializer that validates a write where it is not the one that answers.
    write_serializer_class = None

    def get_queryset(self):
        return type(self).selector(user=self.request.user)

    def validated(self, *args, serializer_class=None, **kwargs) -> dict:
        write_class = serializer_class or self.write_serializer_class or self.get_serializer_class()
        serializer = write_class(*args, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        data = self.completed(dict(serializer.validated_data))
        self.check_data_permissions(data)
        return data

    def completed(self, data: dict) -> dict:
        """The valid input with what it may leave out filled in, before it is checked."""
        return data

    def answer(self, record, status=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.reread(record)).data, status=status)

    def reread(self, record):
        return self.get_queryset().get(pk=record.pk)


class OwnTeamByDefault:
    """For a new record of one team, put before ServiceViewSet: left out, the team is the
    caller's own when they are in exactly one; in more, they choose (400)."""

    choose_team_message = _("Choose the team.")

    def completed(self, data: dict) -> dict:
        data = super().completed(data)
        if self.action == "create" and data.get("team") is None:
            teams = list(Team.objects.filter(pk__in=current_team_ids(self.request.user))[:2])
            if len(teams) != 1:
                raise serializers.ValidationError({"team": [self.choose_team_message]})
            data["team"] = teams[0]
        return data


class ServiceCreateMixin(mixins.CreateModelMixin):
    status_of_create = status.HTTP_201_CREATED

    def create(self, request, *args, **kwargs):
        data = self.validated(data=request.data)
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


class VersionedUpdateMixin(ServiceUpdateMixin):
    """A change to a case record through outreach.services.record_changes.record_change,
    made on the version the caller edited (`version`): on a stale version that would
    overwrite someone else's change nothing is overwritten; the change is kept as a
    conflict and answered with 409 and the record as it stands."""

    # Fields set once, on create: a change leaves them as they are.
    fixed_fields: tuple[str, ...] = ()

    def update(self, request, *args, **kwargs):
        record = self.get_object()
        data = self.validated(record, data=request.data, partial=kwargs.get("partial", False))
        for name in self.fixed_fields:
            data.pop(name, None)
        base_version = data.pop("version", None)
        changed, conflict = record_change(
            record=record,
            changed_by=request.user,
            data=data,
            base_version=base_version,
            **self.extra_update_arguments(data),
        )
        if conflict is not None:
            return conflict_response(conflict, self.as_it_stands(record))
        return self.answer(changed)

    def extra_update_arguments(self, data: dict) -> dict:
        return {}

    def as_it_stands(self, record) -> dict:
        """The record beside a conflict, as the answer shows it."""
        return self.get_serializer(record).data


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


class CaseRecordViewSet(AccessLogged, VersionedUpdateMixin, ServiceModelViewSet):
    """List, read, create, change and remove records of households the caller may see.
    Writes go through the resource's services; removal is for coordinators."""

    fixed_fields = ("household",)

    record_policies = {
        "destroy": (can_delete_case_record, _("Only a coordinator can remove this.")),
    }

    def validated(self, *args, **kwargs) -> dict:
        data = super().validated(*args, **kwargs)
        if self.action == "create":
            data.pop("version", None)
        return data

    def reread(self, record):
        # A new record is answered as the service made it, whole: the create budget
        # (tests/api/test_query_budgets.py) has no room to read it again.
        return record if self.action == "create" else super().reread(record)

    def destroy(self, request, *args, **kwargs):
        record_delete(record=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
