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
