"""The municipality's signals inbox: the signals its teams forwarded, and its answers. Pages
beside the figures, for the municipality's officials (the operator reads along)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from outreach import events, policies
from outreach.services.signals import signal_answer
from reach.forms import AnswerForm
from reach.signals import signal_inbox, signal_inbox_disclose

PAGE_SIZE = 50


def _readers_only(user) -> None:
    # Like the figures: a page that is not there for you does not exist (404).
    if not policies.reads_signal_inbox(user):
        raise Http404


@login_required
def inbox(request):
    """The forwarded signals, newest first, each with its latest answer."""
    _readers_only(request.user)
    waiting = request.GET.get("waiting") == "1"  # only those not answered yet
    rows = signal_inbox(user=request.user, answered=False if waiting else None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    signals = signal_inbox_disclose(page.object_list, user=request.user)
    # Who read the teams' signals is logged like the API's reads of the inbox.
    events.list_viewed.send(sender=None, request=request, detail=gettext_noop("signal inbox"))
    return render(
        request,
        "reach/signal_inbox.html",
        {"page": page, "signals": signals, "k": settings.REACH_K, "waiting": waiting},
    )


@login_required
def detail(request, pk: int):
    """One forwarded signal with all its answers; the municipality answers it here."""
    _readers_only(request.user)
    signal = get_object_or_404(signal_inbox(user=request.user), pk=pk)
    may_answer = policies.can_answer_signal(request.user, signal)
    form = AnswerForm()
    status = 200
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                signal_answer(signal=signal, answered_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("Your answer is saved. The team sees it now."))
                return redirect("reach:signal-inbox")
        status = 400
    [signal] = signal_inbox_disclose([signal], user=request.user)
    return render(
        request,
        "reach/signal_detail.html",
        {"signal": signal, "form": form, "may_answer": may_answer},
        status=status,
    )
