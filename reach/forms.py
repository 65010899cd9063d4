"""The forms of reach's pages."""

from django import forms
from django.utils.translation import gettext_lazy

from outreach.models import SignalAnswerStatus


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=SignalAnswerStatus.choices)
    reply = forms.CharField(
        label=gettext_lazy("Reply to the team"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        help_text=gettext_lazy(
            "Short and plain: the volunteers of the team read it. With 'No action', say why."
        ),
    )
