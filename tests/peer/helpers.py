"""Reading the phone pages the way a peer's browser does: the form fields it shows."""

import re
from html.parser import HTMLParser


class FormReader(HTMLParser):
    """Collects the fields of the form posting to `action`, with their default values,
    and which of them sit inside a folded <details> section."""

    def __init__(self, action: str):
        super().__init__()
        self.action = action
        self.in_form = False
        self.details_depth = 0
        self.fields: list[dict] = []
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("action") == self.action
        if not self.in_form:
            return
        if tag == "details":
            self.details_depth += 1
        if tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            field = {"tag": tag, "folded": self.details_depth > 0, **attrs}
            field["selected"] = None
            self.fields.append(field)
            if tag == "textarea":
                self.textarea = field
                field["value"] = ""
        if tag == "option" and self.fields and self.fields[-1]["tag"] == "select":
            select = self.fields[-1]
            if "selected" in attrs or select["selected"] is None:
                if "selected" in attrs or select.get("value") is None:
                    select["value"] = attrs.get("value", "")
                select["selected"] = select["selected"] or ("selected" in attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        if tag == "details" and self.in_form:
            self.details_depth -= 1
        if tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data


def read_form(html: str, action: str) -> list[dict]:
    reader = FormReader(action)
    reader.feed(html)
    return reader.fields


def default_post_data(fields: list[dict]) -> dict:
    """What the browser sends when the peer changes nothing: checked boxes and radios,
    selected options, filled-in values."""
    data: dict[str, list[str]] = {}
    for field in fields:
        kind = field.get("type", "")
        if field["tag"] == "button":
            continue
        if kind in ("radio", "checkbox"):
            if "checked" in field:
                data.setdefault(field["name"], []).append(field.get("value", "on"))
            continue
        data.setdefault(field["name"], []).append(field.get("value") or "")
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


def visible_inputs(fields: list[dict]) -> set[str]:
    """Names of the things a peer sees and may touch without unfolding anything."""
    return {
        field["name"]
        for field in fields
        if not field["folded"] and field.get("type") != "hidden" and field["tag"] != "button"
    }


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
