from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from outreach import policies


class WorksOnCases(permissions.BasePermission):
    """Case records are for peers, coordinators and admins. The municipality role never
    reaches them (403): its figures come from the anonymised reach store only."""

    def has_permission(self, request, view):
        return policies.works_on_cases(request.user)


class WorksOnCasesOrManages(permissions.BasePermission):
    """Colleagues' accounts: for who works on cases, and for who manages a municipality."""

    def has_permission(self, request, view):
        return policies.works_on_cases(request.user) or policies.manages_a_municipality(
            request.user
        )


class CatalogueReadOrManage(permissions.BasePermission):
    """The catalogue and consent texts: read by who works on cases or manages a
    municipality; changed by who manages (which rows: the view's object check)."""

    def has_permission(self, request, view):
        if not policies.reads_catalogue(request.user):
            return False
        return request.method in permissions.SAFE_METHODS or policies.can_manage_catalogue(
            request.user
        )


class RecordPolicy(permissions.BasePermission):
    """The policy a view declares for an action on one record, asked when the view reads the
    record (get_object), so that a record out of scope is a 404 before any 403:
    `record_policies = {"close": (policies.can_close, _("Only a coordinator ..."))}`, each
    policy called with the user and the record."""

    def has_object_permission(self, request, view, obj):
        policy = getattr(view, "record_policies", {}).get(view.action)
        if policy is None:
            return True
        allowed, self.message = policy
        return allowed(request.user, obj)


class DataPermission(permissions.BasePermission):
    """A check about what the input names (its team, its cases), so asked once the input
    is valid (api.base.DeclaredPermissions.check_data_permissions), after the checks before
    the action and on the record. Refused: 403 with `message`; or, where `invalid_field`
    is set, 400 on that field, as for any other choice the caller may not make there."""

    invalid_field: str | None = None

    def has_data_permission(self, request, view, data: dict) -> bool:
        raise NotImplementedError


class ExportsCase(permissions.BasePermission):
    """The subject access export: for who works on cases (the municipality role gets 403
    before any case is looked up), of a case they may export (coordinators of its team,
    admins)."""

    def has_permission(self, request, view):
        self.message = _("Your role may not do this.")
        return policies.works_on_cases(request.user)

    def has_object_permission(self, request, view, obj):
        self.message = _("Only a coordinator of this team can export a case.")
        return policies.can_export_case(request.user, obj)


class EditsCase(permissions.BasePermission):
    """A change to how the case is worked (its text messages): who may edit the case."""

    def has_object_permission(self, request, view, obj):
        return policies.can_edit_case(request.user, obj)


class AssignsEveryCase(DataPermission):
    """Moving many cases at once: the caller must be allowed to assign each one of them."""

    message = _("Only a coordinator of this team can assign cases.")

    def has_data_permission(self, request, view, data):
        return all(policies.can_assign(request.user, household) for household in data["households"])


class RegistersForTheTeam(DataPermission):
    """A new household: only for a team the caller works in (400 on `team`)."""

    invalid_field = "team"
    message = _("You can only register households for your own team.")

    def has_data_permission(self, request, view, data):
        return policies.can_register_household(request.user, data["team"].pk)


class NotesFirstContactsForTheTeam(RegistersForTheTeam):
    """A first contact: noted by the same people who register households for the team."""

    message = _("You can only note first contacts for your own team.")


class RecordsSignalsForTheTeam(DataPermission):
    """A new signal: only for a team the caller works in (400 on `team`)."""

    invalid_field = "team"
    message = _("You can only record signals for your own team.")

    def has_data_permission(self, request, view, data):
        return policies.can_record_signal(request.user, data["team"].pk)


class RecordsVolunteerMonthsForTheTeam(DataPermission):
    """Hours and allowance of a member: only for a team the caller coordinates (400 on
    `team`)."""

    invalid_field = "team"
    message = _("You do not coordinate this team.")

    def has_data_permission(self, request, view, data):
        return policies.can_record_volunteer_month(request.user, data["team"].pk)


class CoordinatesATeamToRecord(DataPermission):
    """A new meeting: only a coordinator records one (403, once the input is valid)."""

    message = _("Only the team's coordinator can record this.")

    def has_data_permission(self, request, view, data):
        return policies.coordinates_any_team(request.user)


class RecordsMeetingsForTheTeam(DataPermission):
    """A new meeting: of a team the caller coordinates (400 on `team`)."""

    invalid_field = "team"
    message = _("You do not coordinate this team.")

    def has_data_permission(self, request, view, data):
        return policies.can_record_meeting(request.user, data["team"].pk)


class RecordsMeetingsOfTheTeam(permissions.BasePermission):
    """A meeting corrected: by a coordinator of the meeting's team."""

    message = _("Only the team's coordinator can record this.")

    def has_object_permission(self, request, view, obj):
        return policies.can_record_meeting(request.user, obj.team_id)


class SubmitsExpenseForTheTeam(DataPermission):
    """An expense: of a team of the person it is for (the caller, or a member recorded by
    their coordinator); 400 on `team`."""

    invalid_field = "team"
    message = _("Not a team of this person.")

    def has_data_permission(self, request, view, data):
        member = data.get("user") or request.user
        return policies.can_submit_expense(request.user, member, data["team"].pk)


class DeletesExpense(permissions.BasePermission):
    """An expense removed: by its person or their coordinator."""

    def has_object_permission(self, request, view, obj):
        return policies.can_delete_expense(request.user, obj)


class ApprovesExpense(permissions.BasePermission):
    """An expense approved for payment: by the team's coordinator, never their own."""

    message = _("Only the team's coordinator can approve this.")

    def has_object_permission(self, request, view, obj):
        return policies.can_approve_expense(request.user, obj)


class ManagesCatalogueRow(permissions.BasePermission):
    """A row of the catalogue changed or removed: by who manages its municipality (the
    shared rows: the administrator)."""

    def has_object_permission(self, request, view, obj):
        return policies.manages_municipality(request.user, obj.municipality_id)


class BreaksGlass(DataPermission):
    """Opening a case of another team: coordinators only (an admin sees every case)."""

    message = _("Only coordinators break the glass; you can open every case.")

    def has_data_permission(self, request, view, data):
        return policies.breaks_glass(request.user)


class RecordsDeclineForTheHousehold(DataPermission):
    """A peer the household declines: recorded by a coordinator of its team."""

    message = _("Only a coordinator of this team can record this.")

    def has_data_permission(self, request, view, data):
        return policies.can_record_decline(request.user, data["household"])


class ProposesCandidate(DataPermission):
    """Someone of a household proposed as a candidate peer: by who works on its case."""

    message = _("You cannot propose a candidate for this household.")

    def has_data_permission(self, request, view, data):
        return policies.can_propose_candidate(request.user, data["household"])


class WordsTeamMessages(DataPermission):
    """A team's own wording of its messages: by a coordinator of the team."""

    message = _("Only a coordinator of the team can change its messages.")

    def has_data_permission(self, request, view, data):
        return policies.can_message_group(request.user, data["team"].pk)


class RunsTeamActivities(DataPermission):
    """A new activity or participant: for a team the caller runs activities of."""

    message = _("Only members of the team can change this.")

    def has_data_permission(self, request, view, data):
        return policies.can_run_activity(request.user, data["team"].pk)


class RunsTheActivity(RunsTeamActivities):
    """A new session or enrolment: of an activity of a team the caller runs activities of."""

    def has_data_permission(self, request, view, data):
        return policies.can_run_activity(request.user, data["activity"].team_id)


class ThanksAMember(DataPermission):
    """A thank-you: to a member of a team the caller coordinates (the team it is sent in is
    filled in from the member, api.appreciation)."""

    message = _("You can only thank a team member of a team you coordinate.")

    def has_data_permission(self, request, view, data):
        team = data["team"]
        return team is not None and policies.can_thank(request.user, data["peer"], team.pk)
