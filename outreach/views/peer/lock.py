"""The app lock of the phone pages: the lock screen, locking now, the open page saying it is
in use, and setting the PIN. When the pages close is decided by
outreach.middleware.PhoneLockMiddleware; the PIN's hash by outreach.services.phone_lock."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from outreach.forms.phone_lock import PinRemoveForm, PinSetForm, UnlockForm
from outreach.middleware import (
    SESSION_PHONE_PIN,
    SESSION_PIN_TRIES,
    phone_lock_close,
    phone_lock_on,
    phone_lock_open,
    phone_locked,
)
from outreach.policies import phone_lock_applies
from outreach.selectors.phone_lock import has_phone_pin
from outreach.services.api_tokens import api_token_revoke
from outreach.services.phone_lock import phone_pin_matches, phone_pin_remove, phone_pin_set
from outreach.views.peer.pages import SCRIPT_HEADER
from outreach.views.redirects import next_url

logger = logging.getLogger(__name__)


@login_required
def unlock(request):
    """The lock screen: nothing of a household, only the PIN (or logging out). Wrong PINs
    are counted; at PHONE_LOCK_TRIES in a row the login ends and only the password helps."""
    if not (phone_lock_on(request) and phone_locked(request.session)):
        return redirect(next_url(request))
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if phone_pin_matches(user=request.user, pin=form.cleaned_data["pin"].strip()):
            phone_lock_open(request.session)
            return redirect(next_url(request))
        tries = request.session.get(SESSION_PIN_TRIES, 0) + 1
        request.session[SESSION_PIN_TRIES] = tries
        left = settings.PHONE_LOCK_TRIES - tries
        if left <= 0:
            logger.warning("Too many wrong PINs: the login of user %s ended", request.user.pk)
            api_token_revoke(user=request.user)
            logout(request)
            messages.error(
                request, _("Too many wrong PINs. Log in again with your username and password.")
            )
            return redirect(settings.LOGIN_URL)
        form.add_error(
            "pin",
            ngettext(
                "Wrong PIN. You can try %(left)d more time.",
                "Wrong PIN. You can try %(left)d more times.",
                left,
            )
            % {"left": left},
        )
    return render(
        request,
        "outreach/peer/unlock.html",
        {"form": form, "next": next_url(request)},
        status=423,
    )


@require_POST
@login_required
def lock_now(request):
    """Close the pages now: the button on the phone, or the phone's timer that saw the pages
    unused (or hidden) for the idle time. The phone's script gets 204."""
    if phone_lock_on(request):
        phone_lock_close(request.session)
    if SCRIPT_HEADER in request.headers:
        return HttpResponse(status=204)
    return redirect(f"{reverse('phone:unlock')}?{urlencode({'next': next_url(request)})}")


@require_GET
def alive(request):
    """An open page in use says so (a tap or typing, not more than a few times per idle
    time): the session's last use moves on (PhoneLockMiddleware), so a long visit note typed
    without a request does not close the pages. A closed lock answers 423 there."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    return HttpResponse(status=204)


@login_required
def pin_page(request):
    """Set, change or remove the PIN of the app lock (peers: the phone pages). The password
    is asked every time: someone who picks up an open phone cannot set their own PIN."""
    user = request.user
    if not phone_lock_applies(user):
        raise PermissionDenied
    removing = request.method == "POST" and "remove" in request.POST
    set_form = PinSetForm(None if removing else request.POST or None, user=user)
    remove_form = PinRemoveForm(request.POST if removing else None, user=user)
    if request.method == "POST":
        if removing and remove_form.is_valid():
            phone_pin_remove(user=user)
            request.session[SESSION_PHONE_PIN] = False
            messages.success(request, _("The app lock is off."))
            return redirect("home")
        if not removing and set_form.is_valid():
            phone_pin_set(user=user, pin=set_form.cleaned_data["pin"])
            request.session[SESSION_PHONE_PIN] = True
            phone_lock_open(request.session)
            messages.success(request, _("Your PIN is set. The app locks itself when unused."))
            return redirect("home")
    return render(
        request,
        "outreach/peer/phone_pin.html",
        {
            "has_pin": has_phone_pin(user=user),
            "set_form": set_form,
            "remove_form": remove_form,
            "idle_minutes": max(1, settings.PHONE_LOCK_IDLE_SECONDS // 60),
            "tries": settings.PHONE_LOCK_TRIES,
        },
        status=400 if request.method == "POST" else 200,
    )
