"""A form renderer that writes out in Python what a long form renders for every field: the
field group, its label and the common widgets (inputs, text areas, selects, radio buttons and
check boxes). Every other template (error lists, widgets of their own) is rendered as the
site renders it (TemplatesSetting, templates/django/forms/).

Clever code, kept for its measured gain: Django's template language takes 0.05 to 0.4 ms
for each of these templates, and the visit form renders some 45 of them (a field group, its
label and its widget for each field). Written out here the visit form's fields render in under
a fifth of the time (5.9 to 1.2 ms), and the page's CPU per request went from about 36 to 23 ms
(national data set, in process, bench/profile_pages.py, three interleaved rounds). The markup
is the same, character for character, as Django's own templates make
(tests/test_form_templates.py compares them for every kind of widget); a change to the
site's own templates/django/forms/ is to be made here too.
"""

import html

from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime

# Django's widget templates that are its input.html and nothing else.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
OPTION_TEMPLATES = frozenset(
    ("django/forms/widgets/radio_option.html", "django/forms/widgets/checkbox_option.html")
)
MULTIPLE_INPUT_TEMPLATES = frozenset(
    ("django/forms/widgets/radio.html", "django/forms/widgets/checkbox_select.html")
)


def _shown(value) -> str:
    """A value as the template language shows {{ value }}: in local time, localised,
    escaped unless safe."""
    if isinstance(value, Promise):
        value = str(value)  # a translation, in the active language
    if type(value) is str:
        # Most values: nothing to localise (Django's escape() is this, made lazy-aware).
        return html.escape(value)
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value) -> str:
    """{{ value|stringformat:'s' }}."""
    text = str(value)
    return text if isinstance(value, SafeData) else html.escape(text)


def _attrs(attrs) -> str:
    """django/forms/attrs.html: a bare name for True, none for False."""
    if not attrs:
        return ""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    )


def _select(widget: dict) -> str:
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        parts.extend(
            f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_shown(option['label'])}</option>\n"
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _multiple_input(widget: dict) -> str:
    id_ = widget["attrs"].get("id")
    css_class = widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{_shown(id_)}"' if id_ else "",
        f' class="{_shown(css_class)}"' if css_class else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_shown(group)}</label>")
        for option in options:
            label_for = option["attrs"].get("id")
            opening = closing = ""
            if option["wrap_label"]:
                opening = f' for="{_shown(label_for)}"' if label_for else ""
                opening = f"<label{opening}>"
                closing = f" {_shown(option['label'])}</label>"
            parts.append(f"<div>\n    {opening}{_input(option)}\n{closing}\n\n</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _label(context: dict) -> str:
    label = _shown(context["label"])
    if not context["use_tag"]:
        return label
    tag = _shown(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


def _field_group(field) -> str:
    """templates/django/forms/field.html: Django's field.html, its error list left out
    when there are no errors."""
    if field.use_fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{_shown(described)}"' if described else ""
        legend = _shown(field.legend_tag()) if field.label else ""
        head = f"\n  <fieldset{described}>\n  {legend}\n"
    else:
        head = f"\n  {_shown(field.label_tag()) if field.label else ''}\n"
    help_text = ""
    if field.help_text:
        id_ = f' id="{_shown(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{id_}>{field.help_text}</div>'
    errors = _shown(field.errors) if field.errors else ""
    end = "</fieldset>" if field.use_fieldset else ""
    return f"{head}\n{help_text}\n{errors}\n{_shown(field)}{end}".strip()


class FieldsWrittenOut(TemplatesSetting):
    """The site's renderer, with the templates of a field written out in Python."""

    def render(self, template_name, context, request=None):
        if template_name == "django/forms/field.html":
            return _field_group(context["field"])
        if template_name == "django/forms/label.html":
            return _label(context)
        if template_name in INPUT_TEMPLATES:
            return _input(context["widget"])
        if template_name == "django/forms/widgets/textarea.html":
            return _textarea(context["widget"])
        widget = context.get("widget")
        if template_name == "django/forms/widgets/select.html" and self._plain(
            widget, "django/forms/widgets/select_option.html"
        ):
            return _select(widget)
        if template_name in MULTIPLE_INPUT_TEMPLATES and self._plain(widget, *OPTION_TEMPLATES):
            return _multiple_input(widget)
        return super().render(template_name, context, request)

    @staticmethod
    def _plain(widget: dict, *option_templates: str) -> bool:
        """Whether every option of the widget is rendered by Django's own option template
        (one with a template of its own is rendered by the templates)."""
        return all(
            option["template_name"] in option_templates
            for _group, options, _index in widget["optgroups"]
            for option in options
        )


FIELDS_WRITTEN_OUT = FieldsWrittenOut()
