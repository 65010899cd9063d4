"""Names of CBS area codes, for people: a neighbourhood is 'Kalsdonk', not BU16740301."""

from django.db.models import F, OuterRef, Subquery

from outreach.models import AreaName, PostcodeArea


def area_name(code_field: str, year_field: str) -> Subquery:
    """An annotation: the name of the area whose code and year are in these fields. The
    year's own division first; where that year was not loaded, the newest earlier one
    (names change less often than they are republished). None when no name is known."""
    names = AreaName.objects.filter(code=OuterRef(code_field), year__lte=OuterRef(year_field))
    return Subquery(names.order_by("-year").values("name")[:1])


def latest_area_name(code_field: str) -> Subquery:
    """An annotation for codes stored without a year: the newest name known."""
    names = AreaName.objects.filter(code=OuterRef(code_field))
    return Subquery(names.order_by(F("year").desc()).values("name")[:1])


def neighbourhood_choices(*, municipality_code: str) -> list[tuple[str, str]]:
    """The municipality's neighbourhoods in the newest CBS division loaded, by name, for a
    list to choose from. Empty when no names were loaded (then a code is typed instead)."""
    names = AreaName.objects.filter(code__startswith=f"BU{municipality_code[2:]}")
    newest = names.order_by("-year").values("year")[:1]
    return sorted(
        names.filter(year=Subquery(newest)).values_list("code", "name"),
        key=lambda choice: (choice[1].casefold(), choice[0]),
    )


def neighbourhood_for_postcode(*, postcode: str, municipality_code: str) -> tuple[str, int] | None:
    """The neighbourhood (code, year) that most addresses of this postcode lie in, from the
    newest postcode table loaded, if it lies in this municipality; None otherwise."""
    compact = (postcode or "").replace(" ", "").upper()
    area = (
        PostcodeArea.objects.filter(postcode=compact, municipality_code=municipality_code)
        .order_by("-year")
        .values_list("neighbourhood_code", "year")
        .first()
    )
    return tuple(area) if area else None
