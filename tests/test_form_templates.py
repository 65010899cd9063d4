"""The site's form templates (templates/django/forms/) write out in one template what
Django's include per option; a page shows exactly what Django's own templates would."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

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


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"single": "b", "grouped": "pear", "many": ["a", ""], "radio": "", "boxes": ["b"]},
        {"text": "far too long", "number": "x", "radio_grouped": "apple", "tick": "on"},
    ],
)
def test_the_site_renders_every_widget_as_django_does(data):
    # Given a form with every kind of widget the pages use, unbound and with errors
    site = EveryKindForm(data, renderer=get_default_renderer())
    django = EveryKindForm(data, renderer=DjangoTemplates())
    if data is not None:
        site.is_valid(), django.is_valid()
    # Then each field, as a group and on its own, is the same markup
    for name in site.fields:
        assert site[name].as_field_group() == django[name].as_field_group()
        assert str(site[name]) == str(django[name])
    assert site.as_div() == django.as_div()
