"""Validation of Dutch contact details and CBS area codes (shared/docs/domain.md)."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

DUTCH_MOBILE_PATTERN = re.compile(r"^(?:\+31|0031|0)6[1-58]\d{7}$")
POSTCODE_PATTERN = re.compile(r"^([1-9]\d{3}) ?([A-Z]{2})$")
FORBIDDEN_POSTCODE_LETTERS = {"SA", "SD", "SS"}

validate_municipality_code = RegexValidator(
    r"^GM\d{4}$", _("Enter a CBS municipality code such as GM1674.")
)
validate_district_code = RegexValidator(
    r"^WK\d{4}[0-9A-Z]{2}$", _("Enter a CBS district code such as WK167401.")
)
# Optional on a household (not every address is known at intake): empty passes too, so the
# OpenAPI pattern tells clients the same.
validate_neighbourhood_code = RegexValidator(
    r"^(?:BU\d{4}[0-9A-Z]{4})?$", _("Enter a CBS neighbourhood code such as BU16740101.")
)


def normalize_dutch_mobile(value: str) -> str:
    """Return a Dutch mobile number in E.164 (+316...), or raise ValidationError."""
    compact = re.sub(r"[\s\-().]", "", value or "")
    if not DUTCH_MOBILE_PATTERN.match(compact):
        raise ValidationError(
            _("Enter a Dutch mobile number, for example 06 12345678."), code="invalid_phone"
        )
    parsed = phonenumbers.parse(compact, "NL")
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("Enter a Dutch mobile number, for example 06 12345678."), code="invalid_phone"
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalize_postcode(value: str) -> str:
    """Return a Dutch postcode as '1234 AB', or raise ValidationError."""
    match = POSTCODE_PATTERN.match((value or "").strip().upper())
    if not match or match.group(2) in FORBIDDEN_POSTCODE_LETTERS:
        raise ValidationError(
            _("Enter a Dutch postcode, for example 4701 AB."), code="invalid_postcode"
        )
    return f"{match.group(1)} {match.group(2)}"


# What in a free text looks like personal data: for texts that must name nobody (a signal).
PHONE_IN_TEXT = re.compile(r"(?:\+31|0031|\b0)[\s\-]?[1-9](?:[\s\-]?\d){8}\b")
EMAIL_IN_TEXT = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
POSTCODE_IN_TEXT = re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b")
# A title or "familie" before a capitalised word ("mevrouw Jansen", "fam. El Amrani"), or a
# capitalised word followed by a Dutch name prefix and another ("Kees de Vries").
NAME_IN_TEXT = re.compile(
    r"\b(?i:mevrouw|meneer|mevr|mw|dhr|heer|familie|fam|mr|mrs|ms)\.?\s+[A-Z][a-z]"
    r"|\b[A-Z][a-z]+\s+(?:van\s+der|van\s+den|van\s+de|van|de|den|der|ter|te|el)\s+[A-Z][a-z]",
)
# A street with a house number: "Kerkstraat 12", "Burg. de Manlaan 4a", "nr. 12".
ADDRESS_IN_TEXT = re.compile(
    r"\b\w+(?:straat|laan|weg|plein|singel|dreef|hof|kade|gracht|pad|dijk|steeg|park|baan"
    r"|erf|ring|markt|veld|wal)\s+\d{1,5}\s?[a-zA-Z]?\b"
    r"|\b(?i:huisnummer|nummer|nr)\.?\s*\d{1,5}\b",
    re.IGNORECASE,
)
# A date of birth: a full date, or "geboren"/"geb." with a year.
BIRTH_DATE_IN_TEXT = re.compile(
    r"\b\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}\b"
    r"|\b(?i:geboren|geb\.|geboortedatum)\D{0,20}\d",
)
# A postcode with a house number is an address on its own ("4701 AB 12", "12, 4701AB").
POSTCODE_AND_NUMBER_IN_TEXT = re.compile(
    r"\b[1-9]\d{3}\s?[A-Z]{2}[\s,]+\d{1,5}\b|\b\d{1,5}[\s,]+[1-9]\d{3}\s?[A-Z]{2}\b"
)


def personal_data_hints(text: str) -> list[str]:
    """What in a free text looks like personal data, as words for a warning. A warning, not
    proof: the writer confirms that the text is about a need, not a person."""
    checks = (
        (NAME_IN_TEXT, _("a name")),
        (PHONE_IN_TEXT, _("a phone number")),
        (EMAIL_IN_TEXT, _("an e-mail address")),
        (ADDRESS_IN_TEXT, _("an address")),
        (BIRTH_DATE_IN_TEXT, _("a date of birth")),
        (POSTCODE_AND_NUMBER_IN_TEXT, _("a postcode with a house number")),
    )
    hints = [str(label) for pattern, label in checks if pattern.search(text or "")]
    if not POSTCODE_AND_NUMBER_IN_TEXT.search(text or "") and POSTCODE_IN_TEXT.search(text or ""):
        hints.append(str(_("a postcode")))
    return hints
