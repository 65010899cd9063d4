from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.seed import seed_demo


class Command(BaseCommand):
    help = "Load the demo data (Roosendaal, teams Noord and Zuid). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even though DEBUG is off (production)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: this looks like production. "
                "Use --force if you really mean it."
            )
        result = seed_demo()
        if result.created_households:
            self.stdout.write(f"Created {result.created_households} demo households.")
        else:
            self.stdout.write("Demo households already there; accounts refreshed.")
        self.stdout.write(
            f"Demo accounts: {', '.join(result.accounts)}; password: {result.password}"
        )
