from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.forms.plans import ServiceErrors


class ThankForm(ServiceErrors, forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Short and personal. Do not write about a household."),
    )
