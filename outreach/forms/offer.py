"""The form to add or change an entry of the local offer. It shapes the input; the
services (outreach/services/offer.py) write it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.models import LocalOffer, OfferKind, WishCategory
from outreach.services.offer import EDITABLE_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferForm(forms.ModelForm):
    municipality = forms.ModelChoiceField(queryset=None, label=_("Municipality"))
    categories = forms.MultipleChoiceField(
        label=_("Fits wishes of kind"),
        choices=WishCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none when it fits every kind of wish (a fund for all costs)."),
    )

    class Meta:
        model = LocalOffer
        fields = ["municipality", *EDITABLE_FIELDS]
        widgets = {
            "kind": forms.RadioSelect,
            "how_to_apply": forms.Textarea(attrs={"rows": 4}),
            "valid_from": DATE_WIDGET,
            "valid_until": DATE_WIDGET,
        }

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = OfferKind.choices
        if self.instance.pk is not None or len(municipalities) == 1:
            # Nothing to choose: an entry stays in its municipality.
            del self.fields["municipality"]
            self.municipality = (
                self.instance.municipality if self.instance.pk else municipalities[0]
            )
        else:
            self.fields["municipality"].queryset = municipalities
            self.municipality = None

    def _post_clean(self):
        # The service validates the model; the form only shapes the input.
        pass

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}

    def chosen_municipality(self):
        return self.municipality or self.cleaned_data["municipality"]
