from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class BreakGlassForm(forms.Form):
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=20,
        help_text=_("For example HH-2026-00042."),
    )
    reason = forms.CharField(
        label=_("Why do you need this case now?"),
        max_length=500,
        min_length=settings.AUDIT_BREAK_GLASS_MIN_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your reason is saved and the administrator sees it."),
    )


class EraseForm(forms.Form):
    """Erasure on request: why, without naming anyone, and a confirmation."""

    reason = forms.CharField(
        label=_("Why is this case erased?"),
        max_length=200,
        help_text=_(
            "For example: the household asked for it by phone on 3 March. Do not write names: "
            "this reason is kept."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the details of this household cannot be brought back."),
    )
