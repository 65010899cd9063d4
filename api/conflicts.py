from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.base import AccessLogged
from api.conflict_responses import ConflictSerializer
from api.permissions import WorksOnCases
from outreach.selectors.cases import conflict_list
from outreach.services.record_changes import conflict_resolve


class ResolveSerializer(serializers.Serializer):
    use = serializers.ChoiceField(
        choices=[("submitted", "submitted"), ("current", "current")],
        help_text="`submitted`: apply the values set aside; `current`: keep what was saved.",
    )


class ConflictViewSet(
    AccessLogged, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Changes made on a stale version that were kept aside instead of overwriting."""

    serializer_class = ConflictSerializer
    permission_classes = [WorksOnCases]
    filterset_fields = ["household", "record_type"]
    extra_query_parameters = ("resolved",)  # read in get_queryset (known names)

    def get_queryset(self):
        queryset = conflict_list(user=self.request.user)
        if self.action == "list" and self.request.query_params.get("resolved") != "true":
            queryset = queryset.filter(resolved_at__isnull=True)
        return queryset

    @extend_schema(request=ResolveSerializer, responses={200: ConflictSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Choose which version is right."""
        serializer = ResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conflict = conflict_resolve(
            conflict=self.get_object(),
            resolved_by=request.user,
            use_submitted=serializer.validated_data["use"] == "submitted",
        )
        return Response(ConflictSerializer(conflict).data)
