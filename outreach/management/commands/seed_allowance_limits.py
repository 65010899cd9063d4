from django.core.management.base import BaseCommand

from outreach.services.team_care import LEGAL_LIMITS, allowance_limits_seed


class Command(BaseCommand):
    help = (
        "Write the legal limits of the volunteer allowance (Belastingdienst: per hour from 21, "
        "per hour under 21, per month, per year) for the years the code knows. A year already "
        "there is updated. Check the source column of a year marked 'not verified'."
    )

    def handle(self, *args, **options):
        count = allowance_limits_seed()
        for year, (hour, hour_under_21, month, per_year, source) in LEGAL_LIMITS.items():
            self.stdout.write(
                f"{year}: €{hour}/h (under 21 €{hour_under_21}/h), €{month}/month, "
                f"€{per_year}/year. {source}"
            )
        self.stdout.write(self.style.SUCCESS(f"{count} years written."))
