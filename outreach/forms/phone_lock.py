"""The PIN of the app lock: giving it to open the pages, and setting it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.services.phone_lock import phone_pin_problem

PIN_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]*", "maxlength": 8}


class UnlockForm(forms.Form):
    pin = forms.CharField(
        label=_("Your PIN"), max_length=8, widget=forms.PasswordInput(attrs=PIN_ATTRS)
    )


class PasswordConfirmedForm(forms.Form):
    """A change to the app lock asks the account's password first."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class PinSetForm(PasswordConfirmedForm):
    pin = forms.CharField(
        label=_("New PIN (5 to 8 digits)"),
        max_length=8,
        widget=forms.PasswordInput(attrs=PIN_ATTRS),
    )
    pin_again = forms.CharField(
        label=_("The same PIN again"), max_length=8, widget=forms.PasswordInput(attrs=PIN_ATTRS)
    )

    def clean_pin(self):
        pin = self.cleaned_data["pin"].strip()
        problem = phone_pin_problem(pin)
        if problem:
            raise forms.ValidationError(problem)
        return pin

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pin") and cleaned.get("pin") != (cleaned.get("pin_again") or "").strip():
            self.add_error("pin_again", _("The two PINs are not the same."))
        return cleaned


class PinRemoveForm(PasswordConfirmedForm):
    """Taking the PIN off: the password is all it asks."""
