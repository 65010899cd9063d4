from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from outreach.models import Municipality
from reach.services import reach_refresh, reach_refresh_all


class Command(BaseCommand):
    help = "Recompute the anonymised reach figures (all municipalities, or one by CBS code)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="CBS code, e.g. GM1674")

    def handle(self, *args, municipality=None, **options):
        if municipality:
            found = Municipality.objects.filter(code=municipality).first()
            if found is None:
                raise CommandError(_("Unknown municipality code."))
            snapshots = [reach_refresh(municipality=found)]
        else:
            snapshots = reach_refresh_all()
        for snapshot in snapshots:
            self.stdout.write(
                f"{snapshot.municipality_code}: {snapshot.cells.count()} cells, k={snapshot.k}"
            )
