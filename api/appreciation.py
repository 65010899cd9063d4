"""Appreciation for peers: their milestones, the thank-yous a coordinator sends, and a
peer's yearly overview in counts. The same services, selectors and policies as the pages
(the Today page, the coordinator's thank-you page, /me/year/<year>/)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api.base import ColleagueField, ServiceCreateMixin, ServiceViewSet
from api.permissions import ThanksAMember, WorksOnCases
from api.reach import TeamNameSerializer
from outreach import policies
from outreach.models import Appreciation
from outreach.selectors.appreciation import (
    appreciation_list,
    milestone_list,
    thanking_team,
    year_overview,
    year_overview_offered,
)
from outreach.selectors.coordinator import team_members
from outreach.services.appreciation import appreciation_dismiss, appreciation_send


class AppreciationSerializer(serializers.ModelSerializer):
    sent_by_name = serializers.CharField(source="sent_by", read_only=True, allow_null=True)

    class Meta:
        model = Appreciation
        fields = [
            "id",
            "peer",
            "team",
            "message",
            "sent_by",
            "sent_by_name",
            "sent_at",
            "dismissed_at",
        ]
        read_only_fields = fields


class ThankSerializer(serializers.Serializer):
    peer = ColleagueField()
    # Blank passes here so that the service's own message answers, as on the page.
    message = serializers.CharField(
        max_length=300,
        allow_blank=True,
        help_text=_("Short and personal. Do not write about a household."),
    )


@extend_schema_view(
    create=extend_schema(request=ThankSerializer, responses={201: AppreciationSerializer})
)
class AppreciationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    ServiceViewSet,
):
    """Thank-yous: a peer reads their own, a coordinator those of their teams. A coordinator
    thanks a member of a team they coordinate; the peer sees it on the Today page until
    they put it away (`{id}/dismiss/`)."""

    serializer_class = AppreciationSerializer
    write_serializer_class = ThankSerializer
    filterset_fields = ["peer"]
    ordering_fields = ["sent_at"]
    lookup_value_regex = "[0-9]+"
    selector = appreciation_list
    permission_classes_by_action = {"create": [ThanksAMember]}
    record_policies = {
        "dismiss": (policies.can_dismiss_thanks, _("This thank-you is for someone else.")),
    }

    def completed(self, data: dict) -> dict:
        data["team"] = thanking_team(user=self.request.user, member=data["peer"])
        return data

    def perform_service_create(self, data: dict) -> Appreciation:
        return appreciation_send(sent_by=self.request.user, **data)

    @extend_schema(request=None, responses={200: AppreciationSerializer})
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        """Put the thank-you away: it stays on record, no longer on the Today page."""
        appreciation = self.get_object()
        return self.answer(
            appreciation_dismiss(appreciation=appreciation, dismissed_by=request.user)
        )


class MilestoneSerializer(serializers.Serializer):
    peer = serializers.IntegerField(source="user_id")
    kind = serializers.ChoiceField(
        choices=["first_visit", "households", "years"],
        help_text=_(
            "first_visit: the first household visited; households: `count` households "
            "visited; years: `count` years in the team."
        ),
    )
    on = serializers.DateField()
    count = serializers.IntegerField()


class MilestoneViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Milestones reached, newest first: a peer's own; for a coordinator those of the peers
    of their teams, so they can say thanks."""

    serializer_class = MilestoneSerializer
    permission_classes = [WorksOnCases]
    filter_backends: list = []

    def get_queryset(self):
        return milestone_list(user=self.request.user)


class YearOverviewSerializer(serializers.Serializer):
    peer = serializers.IntegerField(source="peer.pk")
    year = serializers.IntegerField()
    teams = TeamNameSerializer(many=True)
    member_since = serializers.DateField(allow_null=True)
    households_visited = serializers.IntegerField()
    visits = serializers.IntegerField()
    hours = serializers.IntegerField()
    wishes_realised = serializers.IntegerField()
    euros_unlocked = serializers.DecimalField(max_digits=12, decimal_places=2)
    referrals = serializers.IntegerField()


class YearOverviewQuerySerializer(serializers.Serializer):
    peer = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)


class YearOverviewViewSet(viewsets.GenericViewSet):
    """What a peer did in a year, in counts only (nothing about any household): your own,
    or, for a coordinator, a member's of a team they coordinate (`?peer=`)."""

    serializer_class = YearOverviewSerializer
    permission_classes = [WorksOnCases]
    lookup_field = "year"
    lookup_value_regex = "[0-9]{4}"
    filter_backends: list = []

    def peer(self):
        query = YearOverviewQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        peer_id = query.validated_data.get("peer", self.request.user.pk)
        if peer_id == self.request.user.pk:
            return self.request.user
        return get_object_or_404(team_members(user=self.request.user), pk=peer_id)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "peer",
                int,
                description=_("A member of a team you coordinate; empty: yourself."),
            )
        ]
    )
    def retrieve(self, request, year=None):
        if not year_overview_offered(int(year)):
            raise Http404
        peer = self.peer()
        if not policies.can_see_year_overview(request.user, peer):
            raise PermissionDenied
        return Response(self.get_serializer(year_overview(peer=peer, year=int(year))).data)
