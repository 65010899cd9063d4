"""What a text message may say and what it costs: placeholders, sensitive words, segments.

The segment count is a few lines of the GSM 03.38 rules; no maintained library does just
this, and the composer needs the same numbers as the outbox."""

import re
import string
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GSM 03.38 basic character set, and the extension table (each of those costs two septets).
GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "^{}\\[~]|€\f"


@dataclass(frozen=True)
class SegmentCount:
    encoding: str  # "GSM-7" or "UCS-2"
    characters: int
    segments: int
    per_segment: int


def count_segments(text: str) -> SegmentCount:
    """Characters and SMS segments as a phone network counts them."""
    if all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text):
        units = sum(2 if char in GSM7_EXTENSION else 1 for char in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        # UCS-2 counts UTF-16 code units: an emoji takes two.
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    if units <= single:
        return SegmentCount(encoding, len(text), 1 if units else 0, single)
    return SegmentCount(encoding, len(text), -(-units // multi), multi)


def sensitive_words_in(text: str) -> list[str]:
    """The configured sensitive words that occur in the text (at the start of a word)."""
    found = []
    for word in settings.SMS_SENSITIVE_WORDS:
        if re.search(r"(?<!\w)" + re.escape(word.strip()), text, flags=re.IGNORECASE):
            found.append(word.strip())
    return found


def check_not_sensitive(text: str, field: str = "body") -> None:
    found = sensitive_words_in(text)
    if found:
        raise ValidationError(
            {
                field: ValidationError(
                    _(
                        "A text message may be read by others on a shared phone. Leave out: "
                        "%(words)s."
                    )
                    % {"words": ", ".join(found)},
                    code="sensitive",
                )
            }
        )


ALLOWED_PLACEHOLDERS = {"name", "activity", "date", "time", "place", "count", "sender", "help"}


def check_placeholders(body: str, field: str = "body") -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(body) if name is not None}
    except ValueError as error:
        raise ValidationError(
            {field: ValidationError(_("Close every { with a }."), code="invalid")}
        ) from error
    unknown = names - ALLOWED_PLACEHOLDERS
    if unknown:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Unknown placeholder: %(names)s. You can use: %(allowed)s.")
                    % {
                        "names": ", ".join("{" + n + "}" for n in sorted(unknown)),
                        "allowed": ", ".join("{" + n + "}" for n in sorted(ALLOWED_PLACEHOLDERS)),
                    },
                    code="invalid",
                )
            }
        )


def render(body: str, values: dict) -> str:
    values = {"sender": settings.SMS_SENDER_NAME, "help": settings.SMS_HELP_CONTACT, **values}
    return body.format_map({name: values.get(name, "") for name in ALLOWED_PLACEHOLDERS})
