"""The answer to a change made on a stale version: 409 with the conflict that keeps both
values. Used by the base viewset and by the conflicts resource, so it stands apart from both."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.response import Response

from outreach.models import EditConflict
from outreach.models.conflicts import ConflictResolution


class ConflictSerializer(serializers.ModelSerializer):
    household_reference = serializers.CharField(source="household.reference", read_only=True)
    # Empty while the conflict is open: the schema says so.
    resolution = serializers.ChoiceField(
        choices=ConflictResolution.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = EditConflict
        fields = [
            "id",
            "household",
            "household_reference",
            "record_type",
            "record_id",
            "base_version",
            "current_version",
            "submitted",
            "current",
            "submitted_by",
            "created_at",
            "resolved_at",
            "resolved_by",
            "resolution",
        ]
        read_only_fields = fields


def conflict_response(conflict, current_record: dict) -> Response:
    """409: the change was kept aside, with both values, for someone to choose."""
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
