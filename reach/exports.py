"""The figures as a spreadsheet (CSV and XLSX), built from published cells only."""

import csv
import io

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from reach.selectors import area_label, area_names, breakdown_label, legend, measure_label

# A text that starts with one of these is read as a formula by Excel, LibreOffice and
# Google Sheets (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """A text cell that a spreadsheet cannot take for a formula: one starting with a
    formula character gets a leading apostrophe. Numbers stay numbers (a negative figure
    is a number, not text)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised_row(row: list) -> list:
    return [neutralised(value) for value in row]


def export_rows(data: dict) -> list[list]:
    """Header plus one row per cell of an API answer. A suppressed cell has no value and
    says why, so that it is never read as zero."""
    teams = {team["id"]: team["name"] for team in data.get("teams", [])}
    reasons = legend(data.get("k"))
    cells = data.get("cells", [])
    municipality = data.get("municipality")
    names = area_names(cell["area"] for cell in cells)
    rows: list[list] = [
        [
            _("period"),
            _("area"),
            _("area name"),
            _("team"),
            _("measure"),
            _("description"),
            _("breakdown"),
            _("value"),
            _("suppressed"),
            _("reason"),
        ]
    ]
    for cell in cells:
        area = cell["area"]
        if area == municipality:
            name = data.get("municipality_name") or area
        else:
            name = area_label(area, names, int(cell["period"][:4]))
        rows.append(
            [
                cell["period"],
                area,
                name,
                teams.get(cell["team"], _("all teams")) if cell["team"] else _("all teams"),
                cell["measure"],
                measure_label(cell["measure"]),
                breakdown_label(cell["measure"], cell["breakdown"]),
                "" if cell["value"] is None else cell["value"],
                _("yes") if cell["suppressed"] else _("no"),
                reasons.get(cell["reason"], "") if cell["reason"] else "",
            ]
        )
    return rows


def notes(data: dict) -> list[str]:
    k, rounding = data.get("k"), data.get("rounding")
    return [
        _("Anonymised figures of %(name)s (%(code)s), refreshed %(when)s.")
        % {
            "name": data.get("municipality_name") or "",
            "code": data.get("municipality") or "",
            "when": data.get("refreshed_at") or "-",
        },
        _(
            "Each figure comes from at least %(k)s households; counts are rounded to "
            "multiples of %(rounding)s, each total on its own."
        )
        % {"k": k, "rounding": rounding},
        *[f"{reason}: {text}" for reason, text in legend(k).items()],
    ]


def in_dutch_notation(value):
    """A fraction as Dutch Excel reads it: 0,41, not 0.41 (which it takes for a date or a
    text). Whole numbers are written without a thousands separator, so 1234 stays 1234."""
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


def to_csv(data: dict) -> bytes:
    """Semicolon separated, as Excel expects it in a Dutch (or any comma-decimal) locale;
    in Dutch the decimals are written with a comma too. The XLSX holds real numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    rows = export_rows(data) if "cells" in data else [[data.get("detail", "")]]
    dutch = (get_language() or "").startswith("nl")
    for row in rows:
        # Neutralised first: a negative fraction written as text ("-0,5") is still a number.
        row = neutralised_row(row)
        writer.writerow([in_dutch_notation(value) for value in row] if dutch else row)
    # With a byte order mark, Excel opens the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(data: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Figures")[:31]
    for row in export_rows(data) if "cells" in data else [[data.get("detail", "")]]:
        sheet.append(neutralised_row(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    explanation = workbook.create_sheet(_("Explanation")[:31])
    for line in notes(data):
        explanation.append([neutralised(line)])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
