"""The site's form templates (templates/django/forms/) write out in one template what
Django's include per option; a page shows exactly what Django's own templates would."""

from datetime import date, datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.translation import gettext_lazy

from outreach.forms.rendering import FIELDS_WRITTEN_OUT

CHOICES = [("a", "Één"), ("b", "Two & <three>"), ("", "none")]
GROUPED = [("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("x", "Loose")]


class EveryKindForm(forms.Form):
    single = forms.ChoiceField(choices=CHOICES, help_text="Pick one")
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    radio_grouped = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    hidden = forms.CharField(widget=forms.HiddenInput, initial='with "quotes"')
    text = forms.CharField(max_length=5, widget=forms.TextInput(attrs={"disabled": False}))
    number = forms.IntegerField(required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    tick = forms.BooleanField(required=False)
    # What else a field group shows: help with a fieldset, labels that need escaping or end
    # in punctuation, no label, dates and numbers as values, attributes true and false.
    described = forms.ChoiceField(
        choices=CHOICES, widget=forms.RadioSelect, help_text="<b>Help</b> & more"
    )
    question = forms.CharField(label="Why <not>?", required=False, initial="a < b")
    unlabelled = forms.CharField(label="", required=False)
    day = forms.DateField(initial=date(2026, 3, 5), widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(
        initial=datetime(2026, 3, 5, 10, 30),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    amount = forms.DecimalField(initial=1234.5, required=False)
    flags = forms.CharField(
        widget=forms.TextInput(attrs={"autofocus": True, "readonly": False, "data-x": 'a"b'})
    )
    story = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), initial="<p>Hi</p>")
    translated = forms.ChoiceField(
        label=gettext_lazy("Notes"),
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Not said"),
    )
    classed = forms.MultipleChoiceField(
        choices=GROUPED,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "boxes"}),
        required=False,
    )


class OwnOptionTemplate(forms.RadioSelect):
    option_template_name = "django/forms/widgets/input_option.html"


class RequiredClassForm(EveryKindForm):
    required_css_class = "required"
    own_options = forms.ChoiceField(choices=CHOICES, widget=OwnOptionTemplate)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"single": "b", "grouped": "pear", "many": ["a", ""], "radio": "", "boxes": ["b"]},
        {"text": "far too long", "number": "x", "radio_grouped": "apple", "tick": "on"},
    ],
)
@pytest.mark.parametrize("form_class", [EveryKindForm, RequiredClassForm])
@pytest.mark.parametrize(
    "renderer", [get_default_renderer(), FIELDS_WRITTEN_OUT], ids=["templates", "written_out"]
)
def test_the_site_renders_every_widget_as_django_does(data, form_class, renderer):
    # Given a form with every kind of widget the pages use, unbound and with errors, rendered
    # by the site's templates and by the renderer that writes the common ones out in Python
    site = form_class(data, renderer=renderer)
    django = form_class(data, renderer=DjangoTemplates())
    if data is not None:
        site.is_valid(), django.is_valid()
    # Then each field, as a group and on its own, is the same markup
    for name in site.fields:
        assert site[name].as_field_group() == django[name].as_field_group()
        assert str(site[name]) == str(django[name])
    assert site.as_div() == django.as_div()
