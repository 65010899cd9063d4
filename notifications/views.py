"""Pages: activities with their sessions and regular participants, attendance, the
composer and the coordinators' outbox. Thin: services and selectors do the work."""

import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from notifications import selectors
from notifications.forms import ActivityForm, ParticipantForm, SessionForm
from notifications.models import (
    Activity,
    Attendance,
    Enrolment,
    PeerChannel,
    PeerNotificationPreference,
)
from notifications.scopes import (
    activities_visible_to,
    participants_visible_to,
    sessions_visible_to,
)
from notifications.services.activities import (
    activity_create,
    activity_update,
    attendance_record,
    participant_enrol,
    session_create,
    session_update,
)
from notifications.services.planning import (
    group_message_preview,
    group_message_send,
    preference_set,
    template_reset,
    template_save,
)
from notifications.text import (
    ALLOWED_PLACEHOLDERS,
    longest_values,
    opt_out_line,
    preview,
    sensitive_words_in,
)
from outreach import events, policies
from outreach.forms.coordinator import add_service_errors
from outreach.models import Team, TeamMembership, User
from outreach.querysets import teams_visible_to
from outreach.selectors.catalogue import sms_signature


def _works_on_cases(request) -> None:
    if not policies.works_on_cases(request.user):
        raise PermissionDenied


@login_required
def activity_list(request):
    _works_on_cases(request)
    activities = list(selectors.activity_list(user=request.user))
    can_start = bool(_teams_to_run_activities(request.user))
    return render(
        request,
        "notifications/activity_list.html",
        {"activities": activities, "can_start": can_start},
    )


@login_required
def activity_detail(request, pk):
    _works_on_cases(request)
    activity = get_object_or_404(selectors.activity_list(user=request.user), pk=pk)
    sessions = selectors.session_list(user=request.user).filter(activity=activity)
    regulars = selectors.regular_participant_ids(activity_ids=[activity.pk])[activity.pk]
    enrolments = (
        Enrolment.objects.filter(activity=activity, ended_at__isnull=True)
        .select_related("participant")
        .prefetch_related("participant__sms_consents")
    )
    rows = [
        {
            "enrolment": enrolment,
            "regular": enrolment.participant_id in regulars,
            "consent": any(
                c.withdrawn_at is None for c in enrolment.participant.sms_consents.all()
            ),
        }
        for enrolment in enrolments
    ]
    return render(
        request,
        "notifications/activity_detail.html",
        {
            "activity": activity,
            "upcoming": sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at")[:5],
            "past": sessions.filter(starts_at__lt=timezone.now()).order_by("-starts_at")[:10],
            "rows": rows,
            "can_message": policies.can_message_group(request.user, activity.team_id),
            "can_run": policies.can_run_activity(request.user, activity.team_id),
        },
    )


@login_required
def attendance(request, pk):
    _works_on_cases(request)
    session = get_object_or_404(
        selectors.session_list(user=request.user).select_related("activity"), pk=pk
    )
    enrolled = [
        e.participant
        for e in Enrolment.objects.filter(
            activity=session.activity, ended_at__isnull=True
        ).select_related("participant")
    ]
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        try:
            attendance_record(
                session=session,
                present_ids=sorted(present),
                absent_ids=[p.pk for p in enrolled if p.pk not in present],
                recorded_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("notifications:activity-detail", pk=session.activity_id)
    present_ids = set(
        Attendance.objects.filter(session=session, present=True).values_list(
            "participant_id", flat=True
        )
    )
    return render(
        request,
        "notifications/attendance.html",
        {"session": session, "participants": enrolled, "present_ids": present_ids},
    )


@login_required
def compose(request, pk):
    _works_on_cases(request)
    activity = get_object_or_404(selectors.activity_list(user=request.user), pk=pk)
    if not policies.can_message_group(request.user, activity.team_id):
        raise PermissionDenied
    body = request.POST.get("body", "")
    # Made when the form opens and kept on a re-render: a second press of Send, or the
    # browser resending the form, plans nothing more.
    key = request.POST.get("key") or uuid.uuid4().hex
    if request.method == "POST":
        try:
            planned = group_message_send(activity=activity, body=body, by=request.user, key=key)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if planned:
                messages.success(
                    request, _("%(count)s messages are on their way.") % {"count": planned}
                )
            else:
                messages.info(
                    request,
                    _("Nothing new to send: this message is already on its way, or nobody "
                      "in the group accepts text messages."),
                )  # fmt: skip
            return redirect("notifications:activity-detail", pk=activity.pk)
    return render(
        request,
        "notifications/compose.html",
        {
            "activity": activity,
            "body": body,
            "key": key,
            **_count_context(*group_message_preview(activity=activity, body=body)),
            "sensitive": sensitive_words_in(body),
        },
    )


def _count_context(count, values: dict, language: str) -> dict:
    """The length as sent, and what the live count in the page fills in to match it: the
    values of the placeholders and the opt-out line added to a text without STOP."""
    filled = {"sender": settings.SMS_SENDER_NAME, "help": settings.SMS_HELP_CONTACT}
    filled.update({name: str(value) for name, value in values.items()})
    return {
        "count": count,
        # JSON in a data attribute (escaped by the template): no inline script under the CSP.
        "count_values": json.dumps(filled),
        "opt_out_line": opt_out_line(language),
        "max_segments": settings.SMS_MAX_SEGMENTS,
    }


@login_required
def outbox(request):
    if not policies.can_see_outbox(request.user):
        raise PermissionDenied
    rows = selectors.outbox_list(user=request.user)
    status = request.GET.get("status", "")
    if status:
        rows = rows.filter(status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    # Numbers and texts of many people: who looked is logged, like any list of cases.
    events.list_viewed.send(sender=None, request=request, detail=gettext_noop("outbox"))
    return render(
        request,
        "notifications/outbox.html",
        {"page": page, "summary": selectors.outbox_summary(user=request.user), "status": status},
    )


@login_required
def template_list(request):
    """A team's texts, its own wording or the built-in one; for its coordinators."""
    if not policies.can_see_outbox(request.user):
        raise PermissionDenied
    teams = list(selectors.coordinated_teams(user=request.user))
    team_id = request.GET.get("team", "")
    team = next((t for t in teams if str(t.pk) == team_id), teams[0] if teams else None)
    return render(
        request,
        "notifications/template_list.html",
        {
            "teams": teams,
            "team": team,
            "rows": selectors.template_texts(team=team) if team else [],
        },
    )


@login_required
def template_edit(request, team_id, kind, language):
    if not policies.can_see_outbox(request.user):
        raise PermissionDenied
    team = get_object_or_404(selectors.coordinated_teams(user=request.user), pk=team_id)
    row = next(
        (r for r in selectors.template_texts(team=team)
         if r["kind"] == kind and r["language"] == language),
        None,
    )  # fmt: skip
    if row is None:
        raise Http404
    body = request.POST.get("body", row["body"])
    if request.method == "POST":
        try:
            if "reset" in request.POST:
                template_reset(team=team, kind=kind, language=language)
            else:
                template_save(team=team, kind=kind, language=language, body=body, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The text is saved."))
            return redirect(f"{reverse('notifications:templates')}?team={team.pk}")
    # Counted as the team's messages go out: signed with its municipality's name and number.
    signature = sms_signature(team_id=team.pk).as_values()
    return render(
        request,
        "notifications/template_edit.html",
        {
            "team": team,
            "row": row,
            "body": body,
            **_count_context(
                preview(body, language, signature=signature),
                {**longest_values(), **signature},
                language,
            ),
            "sensitive": sensitive_words_in(body),
            "placeholders": sorted(ALLOWED_PLACEHOLDERS),
        },
    )


@login_required
def preferences(request):
    """How a peer hears about their overdue follow-ups: text message, e-mail or not."""
    _works_on_cases(request)
    current = PeerNotificationPreference.objects.filter(user=request.user).first()
    channel = request.POST.get("channel", current.channel if current else PeerChannel.NONE)
    phone = request.POST.get("phone", current.phone if current else "")
    if request.method == "POST":
        try:
            preference_set(user=request.user, channel=channel, phone=phone)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your choice is saved."))
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"channel": channel, "phone": phone, "channels": PeerChannel.choices},
    )


# --- Activities, sessions and participants made and changed on the pages ---


def _teams_to_run_activities(user) -> list[Team]:
    return [team for team in teams_visible_to(user) if policies.can_run_activity(user, team.pk)]


def _organisers(user, team_ids) -> list[User]:
    members = TeamMembership.objects.current().filter(team_id__in=team_ids).values("user_id")
    people = User.objects.filter(pk__in=members, is_active=True)
    return people.order_by("first_name", "last_name", "username")


def _activity_to_run(request, pk) -> Activity:
    activity = get_object_or_404(activities_visible_to(request.user).select_related("team"), pk=pk)
    if not policies.can_run_activity(request.user, activity.team_id):
        raise PermissionDenied
    return activity


@login_required
def activity_edit(request, pk=None):
    """Start an activity for one's team (a cooking group, a walk) or change one."""
    _works_on_cases(request)
    activity = _activity_to_run(request, pk) if pk else None
    teams = [activity.team] if activity else _teams_to_run_activities(request.user)
    if not teams:
        raise PermissionDenied
    choices = {
        "teams": Team.objects.filter(pk__in=[team.pk for team in teams]),
        "organisers": _organisers(request.user, [team.pk for team in teams]),
    }
    form = ActivityForm(instance=activity, **choices)
    if request.method == "POST":
        form = ActivityForm(request.POST, instance=activity, **choices)
        if form.is_valid():
            try:
                if activity:
                    saved = activity_update(activity=activity, data=form.service_data())
                else:
                    saved = activity_create(
                        team=form.cleaned_data["team"],
                        created_by=request.user,
                        data=form.service_data(),
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The activity is saved."))
                return redirect("notifications:activity-detail", pk=saved.pk)
    return render(request, "notifications/activity_form.html", {"form": form, "activity": activity})


@login_required
def session_edit(request, activity_pk=None, pk=None):
    """Plan a session of an activity, or move or cancel one."""
    _works_on_cases(request)
    session = None
    if pk:
        session = get_object_or_404(
            sessions_visible_to(request.user).select_related("activity"), pk=pk
        )
        activity = _activity_to_run(request, session.activity_id)
    else:
        activity = _activity_to_run(request, activity_pk)
    form = SessionForm(instance=session)
    if request.method == "POST":
        form = SessionForm(request.POST, instance=session)
        if form.is_valid():
            try:
                if session:
                    session_update(session=session, data=form.cleaned_data)
                else:
                    session_create(activity=activity, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The session is saved."))
                return redirect("notifications:activity-detail", pk=activity.pk)
    return render(
        request,
        "notifications/session_form.html",
        {"form": form, "activity": activity, "session": session},
    )


@login_required
def participant_edit(request, activity_pk, pk=None):
    """Add someone to an activity (and ask whether they want text messages), or change
    their details there."""
    _works_on_cases(request)
    activity = _activity_to_run(request, activity_pk)
    participant = enrolment = None
    if pk:
        enrolment = get_object_or_404(
            Enrolment.objects.filter(activity=activity, ended_at__isnull=True).select_related(
                "participant"
            ),
            participant__in=participants_visible_to(request.user),
            participant_id=pk,
        )
        participant = enrolment.participant
    consent_given = bool(
        participant and participant.sms_consents.filter(withdrawn_at__isnull=True).exists()
    )
    initial = {"role": enrolment.role, "is_regular": enrolment.is_regular} if enrolment else {}
    form = ParticipantForm(instance=participant, initial=initial, consent_given=consent_given)
    if request.method == "POST":
        form = ParticipantForm(request.POST, instance=participant, consent_given=consent_given)
        if form.is_valid():
            try:
                participant_enrol(
                    activity=activity,
                    participant=participant,
                    data=form.participant_data(),
                    role=form.cleaned_data["role"],
                    is_regular=form.cleaned_data["is_regular"],
                    sms_consent_method=form.cleaned_data.get("sms_consent_method")
                    if form.cleaned_data.get("sms_consent")
                    else "",
                    recorded_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The participant is saved."))
                return redirect("notifications:activity-detail", pk=activity.pk)
    return render(
        request,
        "notifications/participant_form.html",
        {"form": form, "activity": activity, "participant": participant},
    )
