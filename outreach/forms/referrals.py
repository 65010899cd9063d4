"""The phone's form for referring a household to a partner organisation."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.forms.plans import DATE_WIDGET, ServiceErrors
from outreach.models import PartnerKind, ReferralConsentMethod


class ReferralForm(ServiceErrors, forms.Form):
    kind = forms.ChoiceField(
        label=_("To what kind of organisation?"),
        choices=PartnerKind.choices,
        widget=forms.RadioSelect,
    )
    organisation = forms.CharField(
        label=_("Name of the organisation (if you know it)"), max_length=120, required=False
    )
    consent_given = forms.BooleanField(
        label=_("The household agrees that we refer it to this organisation"),
        required=False,
    )
    consent_method = forms.ChoiceField(
        label=_("How did the household say yes?"),
        choices=ReferralConsentMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    referred_on = forms.DateField(label=_("Date of the referral"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Note (no health or debt details)"), max_length=500, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("referred_on", timezone.localdate())
