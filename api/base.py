from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api.permissions import WorksOnCases
from outreach import policies
from outreach.models import Household
from outreach.querysets import visible_to
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


class HouseholdRecordSerializer(serializers.ModelSerializer):
    """Base for records that belong to a household: the household is set once, on create."""

    household = VisibleRecordField()

    def validate_household(self, household):
        if self.instance is not None and household.pk != self.instance.household_id:
            raise serializers.ValidationError(_("A record cannot move to another household."))
        return household


class CaseRecordViewSet(
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
        record = self.perform_service_create(serializer.validated_data)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        record = self.get_object()
        serializer = self.get_serializer(record, data=request.data, partial=kwargs.get("partial"))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("household", None)
        record = self.perform_service_update(record, data)
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        if not policies.can_delete_record(request.user, record.household):
            raise PermissionDenied(_("Only a coordinator can remove this."))
        record_delete(record=record)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_service_create(self, data):
        raise NotImplementedError

    def perform_service_update(self, record, data):
        raise NotImplementedError
