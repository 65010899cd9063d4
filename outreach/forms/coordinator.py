"""Forms of the coordinator pages: they shape input; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from outreach.models import Signal, User
from outreach.workflow import ClosingReason


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal next to the field it concerns (or above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class PeerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        full_name = user.get_full_name()
        return f"{full_name} ({user.username})" if full_name else user.username


class DeclinedPeerSelect(forms.Select):
    """A select whose declined peers are shown greyed out (disabled), so the coordinator
    sees before choosing that they cannot be chosen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.declined_ids: set[str] = set()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.declined_ids:
            option["attrs"]["disabled"] = True
        return option


class AssignablePeerField(PeerChoiceField):
    """The team's peers, with those the household declined disabled and the reason in the
    label. They stay valid choices for the form, so a stale page still gets the service's
    clear refusal instead of a bare "not a valid choice"."""

    widget = DeclinedPeerSelect

    def set_peers(self, peers, declines) -> None:
        self.queryset = peers
        self.declined_reasons = {decline.peer_id: decline.reason for decline in declines}
        self.widget.declined_ids = {str(pk) for pk in self.declined_reasons}

    def label_from_instance(self, user: User) -> str:
        label = super().label_from_instance(user)
        if user.pk not in getattr(self, "declined_reasons", {}):
            return label
        reason = self.declined_reasons[user.pk]
        if reason:
            return _("%(peer)s: not possible, the household declined (%(reason)s)") % {
                "peer": label,
                "reason": reason,
            }
        return _("%(peer)s: not possible, the household declined") % {"peer": label}


class AssignForm(forms.Form):
    lead = AssignablePeerField(label=_("Lead peer"), queryset=User.objects.none())
    buddy = AssignablePeerField(
        label=_("Buddy (optional)"), queryset=User.objects.none(), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args, peers=None, declines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].set_peers(peers, declines)
        self.fields["buddy"].set_peers(peers, declines)


class DeclineForm(forms.Form):
    peer = PeerChoiceField(
        label=_("Peer the household does not want"), queryset=User.objects.none()
    )
    reason = forms.CharField(
        label=_("Reason (short, for example: neighbour)"), max_length=300, required=False
    )

    def __init__(self, *args, peers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peer"].queryset = peers


class CaseChoiceField(forms.ModelMultipleChoiceField):
    """A case as a coordinator recognises it: reference, name, street and last visit."""

    def label_from_instance(self, household):
        parts = [household.reference, household.contact_name]
        if household.street:
            parts.append(household.street)
        last_visit = getattr(household, "last_visit_at", None)
        parts.append(
            _("last visit %(date)s") % {"date": date_format(last_visit, "j F Y")}
            if last_visit
            else _("not visited yet")
        )
        return " · ".join(str(part) for part in parts)


class BulkReassignForm(forms.Form):
    households = CaseChoiceField(
        label=_("Cases"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    lead = PeerChoiceField(label=_("New lead peer"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500)
    keep_buddy = forms.BooleanField(label=_("Keep the buddy"), required=False, initial=True)

    def __init__(self, *args, households=None, peers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["households"].queryset = households
        self.fields["lead"].queryset = peers


class HandOverForm(forms.Form):
    from_peer = PeerChoiceField(label=_("Cases of"), queryset=User.objects.none())
    to_peer = PeerChoiceField(label=_("Go to"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, members=None, peers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_peer"].queryset = members
        self.fields["to_peer"].queryset = peers


class CloseForm(forms.Form):
    ACTIVE_CHOICES = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]

    reason = forms.ChoiceField(label=_("Why is the case closed?"), choices=ClosingReason.choices)
    satisfaction = forms.IntegerField(
        label=_("Your own estimate of how satisfied the household is (1-10)"),
        min_value=1,
        max_value=10,
        required=False,
        help_text=_(
            "For the team only. The figures use the score the household gives itself "
            "(by text message or on a paper form), never this estimate."
        ),
    )
    became_more_active = forms.ChoiceField(
        label=_("Did the household become more active?"), choices=ACTIVE_CHOICES, required=False
    )

    def __init__(self, *args, ladder: tuple[int, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if ladder is not None:
            # With a plan the ladder answers the question; the coordinator confirms it or
            # corrects it, and a correction is counted in the figures.
            went_up = ladder[1] > ladder[0]
            field = self.fields["became_more_active"]
            field.choices = [
                ("", _("As the ladder shows: yes") if went_up else _("As the ladder shows: no")),
                ("yes", _("Yes, correct the ladder") if not went_up else _("Yes")),
                ("no", _("No, correct the ladder") if went_up else _("No")),
            ]
            field.help_text = _("On the ladder from step %(first)s to step %(last)s.") % {
                "first": ladder[0],
                "last": ladder[1],
            }

    def cleaned_more_active(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("became_more_active"))


class SignalForm(forms.ModelForm):
    confirmed_no_personal_data = forms.BooleanField(
        label=_("I checked: this text holds no name, address, phone number or e-mail."),
        required=False,
    )

    class Meta:
        model = Signal
        fields = ["theme", "neighbourhood_code", "households_concerned", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "description": _(
                "Describe the need, not the people. No names, addresses, phone numbers."
            ),
            "neighbourhood_code": _("CBS code, for example BU16740101."),
        }

    def __init__(self, *args, themes=None, neighbourhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
        if neighbourhoods:
            # Chosen by name from the municipality's own list; a CBS code is for machines.
            self.fields["neighbourhood_code"] = forms.ChoiceField(
                label=_("Neighbourhood"),
                choices=[("", _("Choose a neighbourhood")), *neighbourhoods],
            )


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    forwarded_text = forms.CharField(
        label=_("Text for the municipality"), max_length=2000, required=False
    )
    confirmed_no_personal_data = forms.BooleanField(required=False)


class VolunteerMonthForm(forms.Form):
    user = PeerChoiceField(label=_("Team member"), queryset=User.objects.none())
    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_digits=5, decimal_places=1)
    allowance = forms.DecimalField(
        label=_("Allowance from us (€)"), min_value=0, max_digits=8, decimal_places=2
    )
    other_allowance = forms.DecimalField(
        label=_("Allowance from other organisations (€)"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        initial=0,
        required=False,
    )
    confirm_over_limit = forms.BooleanField(
        label=_("I saw the warning and record this month anyway."),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members
        self.fields["hours"].label = _("Hours outside meetings")
        self.fields["hours"].help_text = _(
            "Attended trainings and meetings are added to these hours by themselves."
        )

    def ask_to_confirm(self) -> None:
        """After a refusal over a legal maximum: offer to record it anyway, knowingly."""
        self.fields["confirm_over_limit"].widget = forms.CheckboxInput()
