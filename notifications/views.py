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

from audit.models import AccessAction
from audit.services import record_access
from notifications import selectors
from notifications.models import Attendance, Enrolment, PeerChannel, PeerNotificationPreference
from notifications.services.activities import attendance_record
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
from outreach import policies


def _works_on_cases(request) -> None:
    if not policies.works_on_cases(request.user):
        raise PermissionDenied


@login_required
def activity_list(request):
    _works_on_cases(request)
    activities = list(selectors.activity_list(user=request.user))
    return render(request, "notifications/activity_list.html", {"activities": activities})


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
    record_access(request, action=AccessAction.VIEW_LIST, detail="outbox")
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
    return render(
        request,
        "notifications/template_edit.html",
        {
            "team": team,
            "row": row,
            "body": body,
            **_count_context(preview(body, language), longest_values(), language),
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
