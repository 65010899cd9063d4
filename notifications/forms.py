"""Forms of the activity pages: they shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Activity, EnrolmentRole, Language, Participant, Session
from outreach.models import ConsentMethod


class LocalDateTimeInput(forms.DateTimeInput):
    """The phone's and browser's own date-and-time picker."""

    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "team", "name", "place", "description", "organiser", "started_by_residents",
            "regular_min_present", "regular_window", "reminder_hours_before", "active",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "regular_min_present": _("Someone is a regular participant when present at least "
                                     "this many times ..."),
            "regular_window": _("... of this many last sessions. Regulars get reminders."),
        }  # fmt: skip

    def __init__(self, *args, teams=None, organisers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["organiser"].queryset = organisers
        if self.instance.pk:
            # An activity stays with its team; the organiser is chosen from that team.
            del self.fields["team"]
        else:
            del self.fields["active"]
            if len(teams) == 1:
                self.fields["team"].initial = teams[0]
                self.fields["team"].widget = forms.HiddenInput()

    def service_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "team"}


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["starts_at", "ends_at", "place", "cancelled"]
        widgets = {"starts_at": LocalDateTimeInput(), "ends_at": LocalDateTimeInput()}
        help_texts = {"place": _("Leave empty when it is the usual place of the activity.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]
        if not self.instance.pk:
            del self.fields["cancelled"]


class ParticipantForm(forms.ModelForm):
    """A participant of one activity, with how they take part and, when they want text
    messages, their consent for them (asked for, never assumed)."""

    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Takes part as"), choices=EnrolmentRole.choices)
    is_regular = forms.BooleanField(label=_("Regular participant"), required=False)
    sms_consent = forms.BooleanField(
        label=_("Agrees to get reminders and thanks by text message"), required=False
    )
    sms_consent_method = forms.ChoiceField(
        label=_("How did they agree?"),
        choices=[("", "---------"), *ConsentMethod.choices],
        required=False,
    )

    class Meta:
        model = Participant
        fields = ["name", "phone", "language", "sms_paused"]

    def __init__(self, *args, consent_given: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = Language.choices
        if not self.instance.pk:
            del self.fields["sms_paused"]
        if consent_given:
            # Consent is withdrawn by the participant (STOP) or erased with them, not here.
            del self.fields["sms_consent"]
            del self.fields["sms_consent_method"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sms_consent"):
            if not cleaned.get("phone"):
                self.add_error("phone", _("Add a mobile number for the text messages."))
            if not cleaned.get("sms_consent_method"):
                self.add_error("sms_consent_method", _("Choose how the consent was given."))
        return cleaned

    def participant_data(self) -> dict:
        fields = ("name", "phone", "language", "sms_paused")
        return {name: self.cleaned_data[name] for name in fields if name in self.cleaned_data}
