"""Candidates for the team from the visited households, and the team memberships the
coordinator records the privacy instruction and a member's leaving on."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from api.base import (
    AccessLogged,
    ColleagueField,
    ServiceCreateMixin,
    ServiceViewSet,
    VisibleRecordField,
)
from api.coordinator import IsCoordinator
from api.permissions import ProposesCandidate, RecordPolicy
from outreach import policies
from outreach.models import CandidateStatus, LeavingReason, PeerCandidate, TeamMembership
from outreach.selectors.candidates import candidate_list, membership_list
from outreach.services.candidates import candidate_propose, candidate_step
from outreach.services.memberships import membership_end, privacy_instruction_record


class PeerCandidateSerializer(serializers.ModelSerializer):
    household = VisibleRecordField(
        help_text=_("A household whose participation went up (on creation only).")
    )
    agreed = serializers.BooleanField(
        write_only=True,
        help_text=_("The household agrees that the coordinator asks about joining the team."),
    )

    class Meta:
        model = PeerCandidate
        fields = [
            "id", "household", "team", "name", "phone", "consent_method", "consent_given_at",
            "agreed", "status", "proposed_on", "proposed_by", "introduction_talk_on",
            "training_on", "buddy_visit_on", "buddy", "member_since", "user", "stopped_on",
            "stop_reason",
        ]  # fmt: skip
        read_only_fields = [
            "team", "consent_given_at", "status", "proposed_on", "proposed_by",
            "introduction_talk_on", "training_on", "buddy_visit_on", "buddy", "member_since",
            "user", "stopped_on", "stop_reason",
        ]  # fmt: skip
        extra_kwargs = {"phone": {"required": False}}

    def validate_agreed(self, agreed: bool) -> bool:
        if not agreed:
            raise serializers.ValidationError(_("Ask the household first."))
        return agreed


class CandidateStepSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CandidateStatus.choices)
    on = serializers.DateField()
    buddy = ColleagueField(required=False, allow_null=True, default=None)
    username = serializers.CharField(max_length=150, required=False, default="")
    reason = serializers.CharField(max_length=300, required=False, default="")


class PeerCandidateViewSet(
    AccessLogged,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    ServiceViewSet,
):
    """Candidates for the team: a peer or coordinator notes someone of a household whose
    participation went up, with the household's consent to be asked; the coordinator
    records each step to membership (a new peer account) or a stop."""

    serializer_class = PeerCandidateSerializer
    selector = candidate_list
    permission_classes_by_action = {"create": [ProposesCandidate]}
    record_policies = {
        "step": (
            policies.can_follow_candidate,
            _("Only a coordinator of the team records the steps."),
        )
    }
    filterset_fields = ["status", "team"]

    def perform_service_create(self, data):
        data.pop("agreed")
        return candidate_propose(proposed_by=self.request.user, **data)

    @extend_schema(request=CandidateStepSerializer, responses={200: PeerCandidateSerializer})
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        """Record the next step: introduction_talk, training, buddy_visit (with buddy),
        member (with username: a new peer account and membership) or stopped (with
        reason)."""
        candidate = self.get_object()
        data = self.validated(data=request.data, serializer_class=CandidateStepSerializer)
        return self.answer(candidate_step(candidate=candidate, recorded_by=request.user, **data))


class TeamMembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMembership
        fields = [
            "id", "user", "team", "started_on", "ended_on", "privacy_instruction_on",
            "left_for", "leaving_note",
        ]  # fmt: skip
        read_only_fields = fields


class PrivacyInstructionSerializer(serializers.Serializer):
    on = serializers.DateField()


class MembershipEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    left_for = serializers.ChoiceField(choices=LeavingReason.choices)
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class TeamMembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """Memberships of the teams you coordinate. Record the privacy instruction (before it a
    member sees no case record) and a member's leaving, with where they went."""

    serializer_class = TeamMembershipSerializer
    permission_classes = [IsCoordinator, RecordPolicy]
    selector = membership_list
    record_policies = {
        name: (policies.can_manage_membership, _("Only a coordinator of the team records this."))
        for name in ("end", "privacy_instruction")
    }
    filterset_fields = ["team", "user"]

    @extend_schema(request=PrivacyInstructionSerializer, responses={200: TeamMembershipSerializer})
    @action(detail=True, methods=["post"], url_path="privacy-instruction")
    def privacy_instruction(self, request, pk=None):
        """The member had the privacy instruction on this day: from then on they see the
        team's case records that are theirs."""
        membership = self.get_object()
        serializer = PrivacyInstructionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer(
            privacy_instruction_record(
                membership=membership, recorded_by=request.user, **serializer.validated_data
            )
        )

    @extend_schema(request=MembershipEndSerializer, responses={200: TeamMembershipSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """The member leaves the team on this day, for this reason (left_for). Their open
        cases stay theirs until moved (coordinator/caseload)."""
        membership = self.get_object()
        serializer = MembershipEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer(
            membership_end(
                membership=membership, ended_by=request.user, **serializer.validated_data
            )
        )
