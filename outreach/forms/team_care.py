"""Forms of team care: trainings and meetings with attendance, expenses with a receipt,
and a member's date of birth (for the lower hourly maximum under 21)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.forms.coordinator import PeerChoiceField
from outreach.models import ExpenseKind, MeetingKind, User

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user: User) -> str:
        full_name = user.get_full_name()
        return f"{full_name} ({user.username})" if full_name else user.username


class MeetingForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    hours = forms.DecimalField(
        label=_("Duration (hours)"),
        min_value=Decimal("0.5"),
        max_value=12,
        max_digits=3,
        decimal_places=1,
    )
    topic = forms.CharField(
        label=_("Topic"), max_length=200, help_text=_("Never the name or address of a household.")
    )
    attended = MemberChoices(
        label=_("Attended"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, teams=None, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["attended"].queryset = members
        if teams is not None and len(teams) == 1:
            self.fields["team"].initial = teams.first()


class AttendanceForm(forms.Form):
    attended = MemberChoices(
        label=_("Attended"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = members


class ExpenseForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)
    spent_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    kind = forms.ChoiceField(label=_("What"), choices=ExpenseKind.choices)
    # Typed as on the receipt: "3,40" in Dutch.
    amount = forms.DecimalField(
        label=_("Amount (€)"),
        min_value=Decimal("0.01"),
        max_digits=7,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    description = forms.CharField(label=_("What for"), max_length=200, required=False)
    receipt = forms.FileField(
        label=_("Receipt"),
        required=False,
        help_text=_("A photo or a PDF of the receipt."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    def __init__(self, *args, teams=None, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        if teams is not None and len(teams) == 1:
            self.fields["team"].initial = teams.first()
            self.fields["team"].widget = forms.HiddenInput()
        if members is not None:
            self.fields["user"] = PeerChoiceField(label=_("Team member"), queryset=members)
            self.order_fields(["user"])

    def expense(self) -> dict:
        """The expense as the service takes it (whose it is and who records it aside)."""
        data = self.cleaned_data
        return {
            "team": data["team"],
            "spent_on": data["spent_on"],
            "kind": data["kind"],
            "amount": data["amount"],
            "description": data["description"],
            "receipt": data["receipt"] or None,
        }


class BirthDateForm(forms.Form):
    user = PeerChoiceField(label=_("Team member"), queryset=User.objects.none())
    born_on = forms.DateField(label=_("Date of birth"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members
