"""Forms for candidates for the team and a member's time in it: they shape input; the
services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.forms.coordinator import PeerChoiceField
from outreach.models import CandidateStatus, ConsentMethod, LeavingReason, User

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProposeCandidateForm(forms.Form):
    name = forms.CharField(
        label=_("First name or initials"),
        max_length=40,
        help_text=_("No surname: a first name or initials is enough."),
    )
    phone = forms.CharField(label=_("Mobile phone (optional)"), max_length=20, required=False)
    agreed = forms.BooleanField(
        label=_("The household agrees that the coordinator asks about joining the team")
    )
    consent_method = forms.ChoiceField(
        label=_("How did they agree?"), choices=ConsentMethod.choices, initial="verbal"
    )


class CandidateStepForm(forms.Form):
    status = forms.ChoiceField(label=_("Step"), choices=())
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT, initial=timezone.localdate)
    buddy = PeerChoiceField(
        label=_("Experienced peer on the first visit"),
        queryset=User.objects.none(),
        required=False,
    )
    username = forms.CharField(
        label=_("User name for the new account"),
        max_length=150,
        required=False,
        help_text=_("Only when the candidate becomes a member."),
    )
    reason = forms.CharField(
        label=_("Why it stopped"),
        max_length=300,
        required=False,
        help_text=_("Only when it stops."),
    )

    def __init__(self, *args, next_steps=(), peers=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CandidateStatus.choices)
        self.fields["status"].choices = [(step, labels[step]) for step in next_steps]
        if peers is not None:
            self.fields["buddy"].queryset = peers


class PrivacyInstructionForm(forms.Form):
    on = forms.DateField(
        label=_("Privacy instruction given on"), widget=DATE_INPUT, initial=timezone.localdate
    )


class MembershipEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Last day in the team"), widget=DATE_INPUT, initial=timezone.localdate
    )
    left_for = forms.ChoiceField(label=_("Left for"), choices=LeavingReason.choices)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)
