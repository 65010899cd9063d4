import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from outreach.models import Municipality
from outreach.services.areas import postcode_areas_load


class Command(BaseCommand):
    help = (
        "Load the postcode table that suggests a household's neighbourhood from its postcode, "
        "from CBS's yearly file of postcodes and house numbers (pc6hnr; columns PC6;"
        "Huisnummer;Buurt<year>;Wijk<year>;Gemeente<year>, semicolon separated). Only the "
        "municipalities that use Outreach are kept, unless --all. Run again to update."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CBS's pc6hnr file (CSV with ;).")
        parser.add_argument("year", type=int, help="Year of the CBS division, e.g. 2024.")
        parser.add_argument(
            "--all", action="store_true", help="Keep every municipality in the file."
        )

    def handle(self, *args, file: Path, year: int, all: bool, **options):
        columns = ("PC6", f"Buurt{year}", f"Wijk{year}", f"Gemeente{year}")
        municipalities = None if all else set(Municipality.objects.values_list("code", flat=True))
        try:
            # Millions of rows (one per address): read as a stream, never whole.
            with file.open(encoding="utf-8-sig", newline="") as stream:
                reader = csv.DictReader(stream, delimiter=";")
                missing = [name for name in columns if name not in (reader.fieldnames or [])]
                if missing:
                    raise CommandError(
                        f"{file} lacks the columns {', '.join(missing)} of the {year} file; "
                        f"it has: {', '.join(reader.fieldnames or []) or 'none'}."
                    )
                rows = ((row[name] or "" for name in columns) for row in reader)
                loaded = postcode_areas_load(
                    year=year, rows=(tuple(row) for row in rows), municipality_codes=municipalities
                )
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Loaded {loaded} postcodes for {year}.")
