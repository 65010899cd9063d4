"""The second login step and its set-up: pages only, the work is in
outreach.services.two_factor."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from outreach.db import writes_on_read
from outreach.forms.two_factor import CodeForm
from outreach.middleware import SESSION_TWO_FACTOR_NEEDED
from outreach.policies import two_factor_required
from outreach.selectors.two_factor import backup_codes_left, has_authenticator
from outreach.services.api_tokens import api_token_revoke
from outreach.services.two_factor import (
    backup_codes_renew,
    totp_enrolment_confirm,
    totp_enrolment_start,
    totp_qr_svg,
    totp_secret,
    two_factor_verify,
)
from outreach.views.redirects import next_url


class LoginView(auth_views.LoginView):
    """Django's login page, which says when the demo has switched the second step off."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            two_factor_off_for_demo=settings.DEMO_MODE and not settings.OTP_REQUIRED, **kwargs
        )


class LogoutView(auth_views.LogoutView):
    """Django's logout, which ends the person's API token too: logging out ends the login,
    not only this browser's session."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            api_token_revoke(user=request.user)
        return super().post(request, *args, **kwargs)


def _passed(request, device) -> None:
    # A new session key once the user holds more rights than after the password alone.
    otp_login(request, device)
    request.session.cycle_key()
    request.session[SESSION_TWO_FACTOR_NEEDED] = True


@login_required
def overview(request):
    """What the user has set up, with the ways to set it up or renew the backup codes."""
    user = request.user
    return render(
        request,
        "registration/two_factor/overview.html",
        {
            "has_authenticator": has_authenticator(user=user),
            "backup_codes_left": backup_codes_left(user=user),
            "required": two_factor_required(user),
        },
    )


@writes_on_read  # it makes the authenticator it shows
@login_required
def setup(request):
    """Scan the QR code (or type the key) into an authenticator app, then type its code."""
    user = request.user
    if has_authenticator(user=user) and not user.is_verified():
        # Replacing an authenticator is for someone who passed the step with the old one.
        return redirect("two_factor:verify")
    device = totp_enrolment_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = totp_enrolment_confirm(user=user, code=form.cleaned_data["code"])
        if confirmed is not None:
            new_device, codes = confirmed
            _passed(request, new_device)
            return render(
                request,
                "registration/two_factor/backup_codes.html",
                {"codes": codes, "next": next_url(request)},
            )
        form.add_error("code", _("That code is not right. Type the code the app shows now."))
    return render(
        request,
        "registration/two_factor/setup.html",
        {
            "form": form,
            "qr_svg": totp_qr_svg(device),
            "secret": _spaced(totp_secret(device)),
            "next": next_url(request),
        },
    )


@login_required
def verify(request):
    """The second login step: a code from the app, or one of the backup codes."""
    user = request.user
    if user.is_verified():
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor_verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            _passed(request, device)
            if isinstance(device, StaticDevice) and backup_codes_left(user=user) <= 2:
                messages.warning(
                    request, _("You have few backup codes left. Make new ones on this page.")
                )
                return redirect("two_factor:overview")
            return redirect(next_url(request))
        form.add_error("code", _("That code is not right, or you tried too often. Try again."))
    return render(
        request, "registration/two_factor/verify.html", {"form": form, "next": next_url(request)}
    )


@login_required
@require_POST
def backup_codes(request):
    """New backup codes, shown once; for a user with an authenticator who passed the step."""
    user = request.user
    if not user.is_verified() and has_authenticator(user=user):
        return redirect("two_factor:verify")
    if not has_authenticator(user=user):
        return redirect("two_factor:setup")
    return render(
        request,
        "registration/two_factor/backup_codes.html",
        {"codes": backup_codes_renew(user=user), "next": settings.LOGIN_REDIRECT_URL},
    )


def _spaced(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
