# Look-alike letters are the point of the map below.
# ruff: noqa: RUF001
"""What a text message may say and what it costs: placeholders, the opt-out line, sensitive
words, segments, and the longest a message may be.

The segment count is a few lines of the GSM 03.38 rules; no maintained library does just
this, and the composer needs the same numbers as the outbox. Every message is built by
`render`, and every preview counts what `render` makes: the count shown is the count sent."""

import re
import string
import unicodedata
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
        units = len(text.encode("utf-16-le", "surrogatepass")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    if units <= single:
        return SegmentCount(encoding, len(text), 1 if units else 0, single)
    return SegmentCount(encoding, len(text), -(-units // multi), multi)


# Letters that look like Latin ones (Cyrillic, Greek, fullwidth and a few symbols), and the
# digits and signs people write for letters. NFKC already folds fullwidth and ligatures.
LOOK_ALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j",
        "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "һ": "h", "ӏ": "l", "г": "r",
        "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p",
        "С": "c", "Т": "t", "У": "y", "Х": "x", "І": "i", "Ј": "j", "Ѕ": "s", "Ӏ": "l",
        # Greek
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "μ": "u",
        "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m",
        "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
        # Latin look-alikes outside ASCII
        "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
    }
)  # fmt: skip
# A digit or sign stands for a letter only next to letters ("schu1d", "p5ych"), never in a
# plain number ("10 uur").
# "1" and "!" read as i or as l: both readings are tried.
LEET = {"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "|": "l"}
LEET_RUN = re.compile(r"(?<=[^\W\d_])[0134578@$!|]+|[0134578@$!|]+(?=[^\W\d_])")


def _plain(text: str) -> str:
    """The text as a reader sees it: compatibility forms folded (NFKC), invisible format
    characters (zero-width space and joiner, soft hyphen, direction marks) removed,
    look-alike letters mapped to Latin, accents dropped, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    text = text.translate(LOOK_ALIKES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.casefold()


def _with_letters_for_digits(text: str, one: str) -> str:
    table = {**LEET, "1": one, "!": one}
    return LEET_RUN.sub(lambda m: "".join(table[c] for c in m.group()), text)


def sensitive_words_in(text: str) -> list[str]:
    """The configured sensitive words that occur in the text (at the start of a word), also
    when written with look-alike letters, digits for letters or invisible characters."""
    plain = _plain(text)
    readings = {plain, _with_letters_for_digits(plain, "i"), _with_letters_for_digits(plain, "l")}
    found = []
    for word in settings.SMS_SENSITIVE_WORDS:
        pattern = r"(?<!\w)" + re.escape(_plain(word.strip()))
        if any(re.search(pattern, reading) for reading in readings):
            found.append(word.strip())
    return found


def _field_error(field: str, message, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def check_not_sensitive(text: str, field: str = "body") -> None:
    found = sensitive_words_in(text)
    if found:
        raise _field_error(
            field,
            _("A text message may be read by others on a shared phone. Leave out: %(words)s.")
            % {"words": ", ".join(found)},
            "sensitive",
        )


ALLOWED_PLACEHOLDERS = {"name", "activity", "date", "time", "place", "count", "sender", "help"}
# The longest a value is filled in; longer ones are cut. Sender and help are the municipality's
# (or the deployment's), set by the operator or the municipal administrator.
PLACEHOLDER_MAX_LENGTH = {"name": 20, "activity": 40, "place": 40, "date": 25, "time": 5,
                          "count": 5}  # fmt: skip
# Cut further, in this order of steps, when a message would be longer than allowed.
FREE_TEXT_PLACEHOLDERS = ("name", "activity", "place")


# Control characters no phone shows (NUL cannot even be stored by PostgreSQL); line breaks
# and tabs are text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_placeholders(body: str, field: str = "body") -> None:
    if CONTROL_CHARACTERS.search(body):
        raise _field_error(
            field, _("The text holds a control character that a phone cannot show."), "control"
        )
    try:
        parts = [(name, spec, conversion) for _, name, spec, conversion in
                 string.Formatter().parse(body) if name is not None]  # fmt: skip
    except ValueError as error:
        raise _field_error(field, _("Close every { with a }."), "invalid") from error
    unknown = {name for name, _spec, _conversion in parts} - ALLOWED_PLACEHOLDERS
    if unknown:
        raise _field_error(
            field,
            _("Unknown placeholder: %(names)s. You can use: %(allowed)s.")
            % {
                "names": ", ".join("{" + n + "}" for n in sorted(unknown)),
                "allowed": ", ".join("{" + n + "}" for n in sorted(ALLOWED_PLACEHOLDERS)),
            },
            "invalid",
        )
    if any(spec or conversion for _name, spec, conversion in parts):
        # "{name:>1000}" would pad a name to any length.
        raise _field_error(
            field,
            _("Write a placeholder as its name between braces only, like {name}: nothing after "
              "the name (no : or !)."),
            "placeholder_format",
        )  # fmt: skip


OPT_OUT_LINES = {"nl": "Geen sms meer? Stuur STOP.", "en": "No more texts? Reply STOP."}
# "STOP" in capitals as a word: the keyword the inbound handler honours.
OPT_OUT_KEYWORD = re.compile(r"(?<![A-Za-z])STOP(?![A-Za-z])")


def opt_out_line(language: str) -> str:
    return OPT_OUT_LINES.get(language, OPT_OUT_LINES["nl"])


def has_opt_out(text: str) -> bool:
    return bool(OPT_OUT_KEYWORD.search(text))


def check_opt_out(body: str, field: str = "body") -> None:
    """A team's own text must tell how to stop, with the word that works: STOP."""
    if not has_opt_out(body):
        raise _field_error(
            field,
            _('Every text message must say how to stop receiving them. Add for example "%(nl)s" '
              'or "%(en)s" (the word STOP in capitals).')
            % {"nl": OPT_OUT_LINES["nl"], "en": OPT_OUT_LINES["en"]},
            "no_opt_out",
        )  # fmt: skip


def _in_gsm7(value: str) -> str:
    """A name in the GSM-7 alphabet, so that one letter does not make the whole message
    UCS-2 (less than half as many characters a segment): accents dropped, look-alikes
    mapped, anything else left out."""
    value = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", value))
    value = "".join(char for char in value if not unicodedata.combining(char))
    value = value.translate({ord("Ł"): "L", ord("ł"): "l", ord("Đ"): "D", ord("đ"): "d"})
    return "".join(char for char in value if char in GSM7_BASIC)


def _fill(body: str, values: dict, cap: int | None = None, gsm7: bool = False) -> str:
    # The team's municipality signs its messages (values from sms_signature); the deployment's
    # settings where none is given.
    filled = {
        "sender": values.get("sender") or settings.SMS_SENDER_NAME,
        "help": values.get("help") or settings.SMS_HELP_CONTACT,
    }
    for name in ALLOWED_PLACEHOLDERS - {"sender", "help"}:
        value = str(values.get(name, ""))[: PLACEHOLDER_MAX_LENGTH[name]]
        if name in FREE_TEXT_PLACEHOLDERS:
            value = _in_gsm7(value) if gsm7 else value
            value = value if cap is None else value[:cap]
        filled[name] = value.strip()
    # Placeholders are names only (check_placeholders): no value is padded or repeated.
    return string.Formatter().vformat(body, (), filled)


def _build(body: str, values: dict, language: str, cap: int | None, gsm7: bool = False) -> str:
    text = _fill(body, values, cap, gsm7)
    if not has_opt_out(text):
        text = f"{text.rstrip()} {opt_out_line(language)}".lstrip()
    return text


def render(body: str, values: dict, language: str = "nl") -> str:
    """The message as it is sent: placeholders filled in (each cut to its longest), the
    opt-out line added when the text has none. When the message would otherwise be more
    than SMS_MAX_SEGMENTS long, the free-text values (name, activity, place) are cut, then
    written in the GSM-7 alphabet and cut again. Should it still be too long, the outbox
    keeps it cancelled with the reason (never sent, never silently)."""
    text = ""
    for gsm7, cap in [(False, None), (False, 16), (False, 10)] + [
        (True, cap) for cap in (None, 16, 10, 5, 1, 0)
    ]:
        text = _build(body, values, language, cap, gsm7)
        if not too_long(text):
            return text
    return text


def longest_values() -> dict:
    """Values as long as a placeholder is ever filled in: the preview of a template counts
    the longest message it can make."""
    return {name: "x" * length for name, length in PLACEHOLDER_MAX_LENGTH.items()}


def preview(
    body: str, language: str = "nl", values: dict | None = None, signature: dict | None = None
) -> SegmentCount:
    """What is sent for this body, counted: `render` with the given values; without values,
    the longest message the body can make (placeholders at their longest, nothing cut),
    signed as the team's municipality signs (`signature`: sms_signature's values)."""
    if values is None:
        return count_segments(
            _build(body, {**longest_values(), **(signature or {})}, language, None)
        )
    return count_segments(render(body, values, language))


def check_length(
    body: str, language: str = "nl", field: str = "body", signature: dict | None = None
) -> None:
    """Refuse a text that would be more than SMS_MAX_SEGMENTS long with the longest values and
    the sign-off of the team's municipality."""
    segments = preview(body, language, signature=signature).segments
    if segments > settings.SMS_MAX_SEGMENTS:
        raise _field_error(
            field,
            _("This text is too long: with long names it takes %(segments)s text messages, and "
              "at most %(most)s are sent. Make it shorter.")
            % {"segments": segments, "most": settings.SMS_MAX_SEGMENTS},
            "too_long",
        )  # fmt: skip


def too_long(text: str) -> bool:
    return count_segments(text).segments > settings.SMS_MAX_SEGMENTS
