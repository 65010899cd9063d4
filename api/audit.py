"""The access log, break-the-glass grants and the subject access export."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer, TemplateHTMLRenderer
from rest_framework.response import Response

from api.base import DeclaredPermissions, ServiceCreateMixin, ServiceViewSet
from api.exceptions import OutOfScope
from api.permissions import BreaksGlass, ExportsCase
from audit.filters import AccessLogFilter
from audit.models import AccessAction, AccessLog, BreakGlassGrant
from audit.selectors import (
    access_log_list,
    break_glass_list,
    household_subject_access,
    readable_subject_access,
)
from audit.services import break_glass_end, break_glass_open, record_access
from outreach import policies
from outreach.models import Household
from outreach.querysets import visible_to


class ReadsAccessLog(permissions.BasePermission):
    """Coordinators and admins; for anyone else these resources do not exist (404)."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if not policies.reads_access_log(request.user):
            raise OutOfScope()
        return True


class AccessLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccessLog
        fields = [
            "id",
            "at",
            "user",
            "username",
            "role",
            "action",
            "household",
            "household_reference",
            "method",
            "path",
            "status_code",
            "ip_address",
            "user_agent",
            "detail",
        ]
        read_only_fields = fields


class AccessLogViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Who opened which case, list or export, when and from where; logins and refusals.
    Coordinators see the entries about their teams' cases, admins everything."""

    serializer_class = AccessLogSerializer
    permission_classes = [ReadsAccessLog]
    filterset_class = AccessLogFilter
    search_fields = None
    ordering_fields = ["at"]

    def get_queryset(self):
        return access_log_list(user=self.request.user)


class BreakGlassSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = BreakGlassGrant
        fields = [
            "id",
            "user",
            "username",
            "household",
            "household_reference",
            "reason",
            "granted_at",
            "expires_at",
            "is_active",
        ]
        read_only_fields = fields


class BreakGlassRequestSerializer(serializers.Serializer):
    reference = serializers.CharField(
        max_length=20, help_text=_("The case reference, for example HH-2026-00042.")
    )
    reason = serializers.CharField(
        max_length=500, help_text=_("Why you need to open this case now.")
    )


@extend_schema_view(
    create=extend_schema(request=BreakGlassRequestSerializer, responses={201: BreakGlassSerializer})
)
class BreakGlassViewSet(mixins.ListModelMixin, ServiceCreateMixin, ServiceViewSet):
    """Open a case of another team for a few hours by stating why (coordinators). Every
    grant is logged; admins see all of them, a coordinator their own."""

    serializer_class = BreakGlassSerializer
    write_serializer_class = BreakGlassRequestSerializer
    permission_classes = [ReadsAccessLog]
    selector = break_glass_list
    permission_classes_by_action = {"create": [BreaksGlass]}
    filterset_fields = ["user", "household"]
    search_fields = None
    ordering_fields = ["granted_at", "expires_at"]

    def perform_service_create(self, data: dict):
        return break_glass_open(user=self.request.user, request=self.request, **data)

    @extend_schema(request=None, responses={200: BreakGlassSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """Close the case again before the time is up: when the work is done, or (admins)
        when the reason does not hold."""
        grant = break_glass_end(grant=self.get_object())
        return Response(BreakGlassSerializer(grant).data)


class SubjectAccessHTMLRenderer(TemplateHTMLRenderer):
    """The export as a document to print or hand over."""

    format = "html"
    template_name = "audit/subject_access.html"

    def get_template_context(self, data, renderer_context):
        return {"document": readable_subject_access(data)}


class HouseholdExportViewSet(DeclaredPermissions, viewsets.GenericViewSet):
    """Subject access export: everything held on one household, in one step."""

    permission_classes = [permissions.IsAuthenticated]
    permission_classes_by_action = {"list": [ExportsCase]}
    renderer_classes = [JSONRenderer, SubjectAccessHTMLRenderer]
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return visible_to(self.request.user, Household).select_related("team")

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.exception or request.method == "OPTIONS":
            # Errors and the OPTIONS description stay JSON, as everywhere in the API,
            # whatever format was asked for: the HTML renderer renders an export only.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = "application/json"
        return response

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Exception as error:
            raise ValidationError({"format": [_("Choose json or html.")]}) from error

    @extend_schema(
        operation_id="households_export",
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "html"],
                description=_("json (default) or html: a readable document."),
            )
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=_("The case, every record of it, their history and access log."),
            ),
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR),
        },
    )
    def list(self, request, pk=None):
        """Everything held on this household (records, history, consents, access log) as
        JSON or as a readable document (coordinators of the team and admins). Logged."""
        household = self.get_object()
        record_access(request, action=AccessAction.EXPORT, household=household)
        return Response(household_subject_access(household=household))
