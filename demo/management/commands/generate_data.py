import time

from django.core.management.base import BaseCommand, CommandError

from demo.datagen import SIZES, describe, generate, remove_generated


class Command(BaseCommand):
    help = (
        "Generate synthetic data for benchmarks and load tests: small (the demo's size), "
        "municipal (10k households, 100k visits) or national (100k households, 1M visits). "
        "Never for a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("size", choices=sorted(SIZES), nargs="?")
        parser.add_argument("--seed", type=int, default=1674)
        parser.add_argument(
            "--remove", action="store_true", help="Remove previously generated data instead."
        )

    def handle(self, *args, size=None, seed=1674, remove=False, **options):
        if remove:
            self.stdout.write(f"Removed {remove_generated():,} generated households.")
            return
        if not size:
            raise CommandError("Name a size: " + ", ".join(sorted(SIZES)))
        started = time.perf_counter()
        try:
            counts = generate(size, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Generated {describe(counts)} in {elapsed:.0f} s.")
