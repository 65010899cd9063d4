"""Loading the names of CBS area codes, and the postcode table, for one year's division."""

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outreach.models import AreaName, PostcodeArea
from outreach.validators import (
    validate_district_code,
    validate_municipality_code,
    validate_neighbourhood_code,
)

VALIDATOR_BY_PREFIX = {
    "GM": validate_municipality_code,
    "WK": validate_district_code,
    "BU": validate_neighbourhood_code,
}
EARLIEST_YEAR = 2000


@transaction.atomic
def area_names_load(*, year: int, rows: Iterable[tuple[str, str]]) -> int:
    """Store (code, name) pairs for `year`, replacing names loaded for that year before.
    Every code is checked first; one bad code loads nothing. Returns how many were stored."""
    if year < EARLIEST_YEAR:
        raise ValidationError(
            _("The year of the CBS division must be %(year)s or later.") % {"year": EARLIEST_YEAR}
        )
    names: dict[str, str] = {}
    problems = []
    for line, (code, name) in enumerate(rows, start=1):
        code, name = code.strip().upper(), " ".join(name.split())
        validator = VALIDATOR_BY_PREFIX.get(code[:2])
        if validator is None or not name:
            problems.append(_("row %(line)s: %(code)s") % {"line": line, "code": code or "-"})
            continue
        try:
            validator(code)
        except ValidationError:
            problems.append(_("row %(line)s: %(code)s") % {"line": line, "code": code})
            continue
        names[code] = name[: AreaName._meta.get_field("name").max_length]
    if problems:
        raise ValidationError(
            _("These rows hold no valid CBS code and name: %(rows)s")
            % {"rows": ", ".join(problems[:20])}
        )
    AreaName.objects.bulk_create(
        [AreaName(code=code, year=year, name=name) for code, name in names.items()],
        update_conflicts=True,
        unique_fields=["code", "year"],
        update_fields=["name"],
    )
    return len(names)


def _cbs_code(prefix: str, digits: str, width: int) -> str:
    """CBS's postcode file writes codes as numbers, without prefix or leading zeros."""
    digits = digits.strip()
    if not digits.isdigit() or len(digits) > width:
        raise ValueError(digits)
    return f"{prefix}{digits.zfill(width)}"


@transaction.atomic
def postcode_areas_load(
    *,
    year: int,
    rows: Iterable[tuple[str, str, str, str]],
    municipality_codes: set[str] | None = None,
) -> int:
    """Store, per six-position postcode, the neighbourhood most of its addresses lie in,
    from (postcode, neighbourhood, district, municipality) rows of CBS's yearly file (one
    row per address; codes as CBS writes them there: 3630000, 36300, 363). Only postcodes
    in `municipality_codes` (GM…) when given. Replaces what was loaded for those
    municipalities and that year. Returns how many postcodes were stored."""
    if year < EARLIEST_YEAR:
        raise ValidationError(
            _("The year of the CBS division must be %(year)s or later.") % {"year": EARLIEST_YEAR}
        )
    counts: dict[str, Counter] = defaultdict(Counter)
    problems = []
    for line, (postcode, neighbourhood, district, municipality) in enumerate(rows, start=2):
        postcode = postcode.replace(" ", "").upper()
        try:
            codes = (
                _cbs_code("BU", neighbourhood, 8),
                _cbs_code("WK", district, 6),
                _cbs_code("GM", municipality, 4),
            )
        except ValueError:
            problems.append(_("row %(line)s: %(code)s") % {"line": line, "code": postcode or "-"})
            continue
        if len(postcode) != 6 or not postcode[:4].isdigit():
            problems.append(_("row %(line)s: %(code)s") % {"line": line, "code": postcode or "-"})
            continue
        if municipality_codes is not None and codes[2] not in municipality_codes:
            continue
        counts[postcode][codes] += 1
    if problems:
        raise ValidationError(
            _("These rows hold no valid postcode and CBS codes: %(rows)s")
            % {"rows": ", ".join(problems[:20])}
        )
    loaded = PostcodeArea.objects.filter(year=year)
    if municipality_codes is not None:
        loaded = loaded.filter(municipality_code__in=municipality_codes)
    loaded.delete()
    areas = []
    for postcode, by_area in counts.items():
        (neighbourhood, district, municipality), _count = by_area.most_common(1)[0]
        areas.append(
            PostcodeArea(
                postcode=postcode,
                year=year,
                neighbourhood_code=neighbourhood,
                district_code=district,
                municipality_code=municipality,
            )
        )
    PostcodeArea.objects.bulk_create(areas, batch_size=2_000)
    return len(areas)
