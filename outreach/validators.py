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
