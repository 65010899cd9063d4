"""Loading the names of CBS area codes for one year's division."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outreach.models import AreaName
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
