"""Forms of the plan made with the household, its own score from a paper form, and a signal
noted after a visit."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from outreach.models import LadderRung

# When a plan is first looked at again, unless the peer and household choose another day.
REVIEW_AFTER = timedelta(weeks=8)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _rung_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        # Lazily joined: the rung's name is in the language of each request.
        choices=[(value, format_lazy("{}. {}", value, name)) for value, name in LadderRung.choices],
        coerce=int,
        widget=forms.RadioSelect,
    )


class ServiceErrors:
    def add_service_error(self, error) -> None:
        """A service's validation error next to its field, or above the form."""
        for name, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            self.add_error(name if name in self.fields else None, messages)


class PlanAgreeForm(ServiceErrors, forms.Form):
    goals = forms.CharField(
        label=_("What does the household want to reach? Write it in their own words."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    rung = _rung_field(_("Where does the household stand now?"))
    review_on = forms.DateField(label=_("When do we look at the plan again?"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("review_on", timezone.localdate() + REVIEW_AFTER)


class PlanReviewForm(ServiceErrors, forms.Form):
    """The review: where the household stands now, the goals as they are now, and the next
    review (none: the plan is not looked at again, for instance when the case ends)."""

    rung = _rung_field(_("Where does the household stand now?"))
    note = forms.CharField(label=_("What changed?"), max_length=500, required=False)
    goals = forms.CharField(
        label=_("The goals, in the household's own words"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    next_review_on = forms.DateField(
        label=_("When do we look at the plan again?"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty when no new review is needed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("next_review_on", timezone.localdate() + REVIEW_AFTER)


class PaperScoreForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score on the paper form (1-10)"),
        choices=[(number, str(number)) for number in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    given_on = forms.DateField(label=_("Date on the form"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("given_on", timezone.localdate())


class VisitSignalForm(ServiceErrors, forms.Form):
    theme = forms.ModelChoiceField(label=_("What is it about?"), queryset=None)
    description = forms.CharField(
        label=_("What does the household run into, that officials seem to overlook?"),
        help_text=_("Describe the need, not the person: no name, address, phone or birthday."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirmed_no_personal_data = forms.BooleanField(
        label=_("I checked: this text says nothing about who the household is."),
        required=False,
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
        self.fields["theme"].empty_label = "—"
