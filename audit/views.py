"""Pages of the audit trail: the access log (coordinators: their teams' cases; admins:
all), one case's access log, break the glass, and erasing a case on request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.filters import AccessLogPageFilter
from audit.forms import BreakGlassForm, EraseForm
from audit.models import AccessAction
from audit.retention import household_erase
from audit.selectors import access_log_list, break_glass_list
from audit.services import break_glass_open, describe_query, record_access
from outreach import policies
from outreach.models import Household
from outreach.querysets import visible_to

PAGE_SIZE = 50


def _require_log_reader(user) -> None:
    # For peers and the municipality these pages do not exist.
    if not policies.reads_access_log(user):
        raise Http404


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def access_log(request):
    _require_log_reader(request.user)
    filtered = AccessLogPageFilter(
        request.GET, queryset=access_log_list(user=request.user), request=request
    )
    record_access(request, action=AccessAction.VIEW_LIST, detail=describe_query(request))
    return render(
        request,
        "audit/access_log.html",
        {"filter": filtered, "page": _page(request, filtered.qs), "query": describe_query(request)},
    )


@login_required
def household_access_log(request, pk: int):
    household = get_object_or_404(visible_to(request.user, Household), pk=pk)
    if not policies.can_export_case(request.user, household):
        raise Http404
    record_access(
        request,
        action=AccessAction.VIEW_HOUSEHOLD,
        household=household,
        detail=gettext_noop("access log"),
    )
    entries = access_log_list(user=request.user).filter(household=household)
    return render(
        request,
        "audit/household_access_log.html",
        {"household": household, "page": _page(request, entries)},
    )


@login_required
def break_glass(request):
    _require_log_reader(request.user)
    may_break_glass = policies.breaks_glass(request.user)
    form = BreakGlassForm(request.POST or None) if may_break_glass else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            grant = break_glass_open(user=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error(field, message)
        else:
            messages.success(
                request,
                _("You can open case %(reference)s until %(time)s.")
                % {
                    "reference": grant.household_reference,
                    "time": formats.time_format(timezone.localtime(grant.expires_at)),
                },
            )
            # Straight to the case page, which works for every case the user may open.
            return redirect("peer:household", household_id=grant.household_id)
    return render(
        request,
        "audit/break_glass.html",
        {"form": form, "page": _page(request, break_glass_list(user=request.user))},
    )


@login_required
def erase_household(request, pk: int):
    """Erasure on request: the team's coordinator (or an admin) anonymises the case at once."""
    household = get_object_or_404(visible_to(request.user, Household), pk=pk)
    if not policies.can_erase(request.user, household):
        raise Http404
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = household_erase(
            household=household, erased_by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("Case %(reference)s has been erased. Only a record that it was erased is kept.")
            % {"reference": record.reference},
        )
        return redirect("home")
    record_access(
        request,
        action=AccessAction.VIEW_HOUSEHOLD,
        household=household,
        detail=gettext_noop("erase"),
    )
    return render(request, "audit/household_erase.html", {"household": household, "form": form})
