"""GET /api/v1/reach/: the municipality's anonymised figures, read from the store only."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters import reject_empty_query_values
from outreach import policies
from reach.exports import to_csv, to_xlsx
from reach.models import AreaKind, PeriodKind, ReachCell, SuppressionReason
from reach.selectors import (
    ReachChoiceNeeded,
    ReachNotFound,
    cell_value,
    legend,
    reach_cells,
    reach_table,
)


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return to_csv(data or {})


class XLSXRenderer(BaseRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return to_xlsx(data or {})


class ReachQuerySerializer(serializers.Serializer):
    period = serializers.ChoiceField(choices=PeriodKind.choices, default=PeriodKind.QUARTER)
    area = serializers.ChoiceField(choices=AreaKind.choices, default=AreaKind.MUNICIPALITY)
    team = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    municipality = serializers.RegexField(r"^GM\d{4}$", required=False, max_length=6)


@extend_schema_field({"type": "number", "nullable": True})
class CellValueField(serializers.Field):
    def to_representation(self, value):
        return cell_value(value)


class ReachCellSerializer(serializers.ModelSerializer):
    team = serializers.IntegerField(source="team_id", allow_null=True)
    value = CellValueField(
        help_text=_("Null where suppressed. Counts rounded; shares between 0 and 1.")
    )
    reason = serializers.ChoiceField(
        choices=SuppressionReason.choices, allow_blank=True, help_text=_("Why suppressed.")
    )

    class Meta:
        model = ReachCell
        fields = ["period", "area", "team", "measure", "breakdown", "value", "suppressed", "reason"]


class TeamNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReachAnswerSerializer(serializers.Serializer):
    k = serializers.IntegerField()
    rounding = serializers.IntegerField()
    municipality = serializers.CharField(allow_null=True)
    municipality_name = serializers.CharField(allow_null=True)
    refreshed_at = serializers.DateTimeField(allow_null=True)
    period = serializers.ChoiceField(choices=PeriodKind.choices)
    area = serializers.ChoiceField(choices=AreaKind.choices)
    teams = TeamNameSerializer(many=True, help_text=_("The teams you may ask for with `team`."))
    legend = serializers.DictField(child=serializers.CharField())
    cells = ReachCellSerializer(many=True)


class ReachView(APIView):
    """Anonymised reach figures of one municipality, in long form.

    Only fixed periods (`period`) and areas (`area`, and optionally one `team`): no free
    date ranges or filters. Each figure comes from at least `k` households; counts are
    rounded to `rounding`; a suppressed cell has `value` null and a `reason` (see `legend`).
    A municipality user sees their own municipality; a coordinator their own teams' cells;
    an admin picks a municipality with `municipality`. `?format=csv|xlsx` downloads the same
    table as a spreadsheet."""

    renderer_classes = [JSONRenderer, CSVRenderer, XLSXRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors always answer in JSON, whatever format was asked for.
        if response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        operation_id="reach_figures",
        parameters=[
            ReachQuerySerializer,
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=["json", "csv", "xlsx"], required=False
            ),
        ],
        responses={
            (200, "application/json"): ReachAnswerSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
            (200, XLSXRenderer.media_type): OpenApiTypes.BINARY,
        },
    )
    def get(self, request, format=None):
        if not policies.can_see_reach(request.user):
            raise NotFound
        reject_empty_query_values(request)
        query = ReachQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        try:
            table = reach_table(
                user=request.user,
                municipality_code=params.get("municipality"),
                period_kind=params["period"],
                area_kind=params["area"],
                team_id=params.get("team"),
            )
        except ReachNotFound as error:
            raise NotFound from error
        except ReachChoiceNeeded as error:
            raise ValidationError(
                {"municipality": [_("Choose a municipality (its CBS code, e.g. GM1674).")]}
            ) from error
        snapshot = table.snapshot
        data = {
            "k": snapshot.k if snapshot else settings.REACH_K,
            "rounding": snapshot.rounding if snapshot else settings.REACH_ROUNDING,
            "municipality": snapshot.municipality_code if snapshot else None,
            "municipality_name": snapshot.municipality_name if snapshot else None,
            "refreshed_at": snapshot.refreshed_at if snapshot else None,
            "period": table.period_kind,
            "area": table.area_kind,
            "teams": table.available_teams,
            "legend": legend(),
            "cells": [],
        }
        answer = ReachAnswerSerializer(data).data
        # The cells are plain rows of the store, not run through a serializer per field,
        # which cost most of a request's time (bench/).
        answer["cells"] = reach_cells(table)
        response = Response(answer)
        if request.accepted_renderer.format in ("csv", "xlsx"):
            name = f"reach-{answer['municipality'] or 'none'}-{table.period_kind}-{table.area_kind}"
            response["Content-Disposition"] = (
                f'attachment; filename="{name}.{request.accepted_renderer.format}"'
            )
        return response
