import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from outreach.services.areas import area_names_load

# Column names of the code and the name: CBS's yearly "Kerncijfers wijken en buurten" file
# (gwb_code_10, regio), and a plain two-column file of our own (code, name).
CODE_COLUMNS = ("gwb_code_10", "gwb_code", "code")
NAME_COLUMNS = ("regio", "name", "naam")


class Command(BaseCommand):
    help = (
        "Load the names of CBS area codes (municipalities, districts, neighbourhoods) for one "
        "year's division from a CSV file: CBS's 'Kerncijfers wijken en buurten' (columns "
        "gwb_code_10 and regio) or a file with the columns code and name. Run again to update."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="Year of the CBS division, e.g. 2025.")
        parser.add_argument("file", type=Path, help="CSV file (comma or semicolon separated).")

    def handle(self, *args, year: int, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error as error:
            raise CommandError(f"{file} is not a CSV file with , or ; between columns.") from error
        reader = csv.DictReader(text.splitlines(), dialect=dialect)
        columns = {name.strip().lower(): name for name in reader.fieldnames or []}
        code_column = next((columns[c] for c in CODE_COLUMNS if c in columns), None)
        name_column = next((columns[c] for c in NAME_COLUMNS if c in columns), None)
        if code_column is None or name_column is None:
            raise CommandError(
                f"{file} needs a code column ({', '.join(CODE_COLUMNS)}) and a name column "
                f"({', '.join(NAME_COLUMNS)}); it has: {', '.join(columns) or 'none'}."
            )
        rows = [(row[code_column] or "", row[name_column] or "") for row in reader]
        try:
            loaded = area_names_load(year=year, rows=rows)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Loaded {loaded} area names for {year}.")
