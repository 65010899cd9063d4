"""The volunteer allowance limits with the lower hourly maximum for volunteers under 21, and
the 2024 hourly maximum corrected to the Belastingdienst's figure.

A frozen copy of LEGAL_LIMITS in outreach/services/team_care.py (which the
seed_allowance_limits command applies): a migration must not change when that table does."""

from decimal import Decimal

from django.db import migrations

BELASTINGDIENST = (
    "Belastingdienst, Werken als vrijwilliger: vrijwilligersvergoedingen (checked 2026-12)"
)
SECONDARY_2025 = (
    "Belastingdienst amounts for 2025 as published by volunteer centres (dewve.nl, "
    "simpledcard.com); checked 2026-12"
)
UNVERIFIED_2026 = (
    "Not verified: the 2025 amounts carried over. Check belastingdienst.nl and correct in the "
    "admin."
)
# year: (per hour from 21, per hour under 21, per month, per year, source)
LIMITS = {
    2023: ("5.00", "2.75", "190.00", "1900.00", BELASTINGDIENST),
    2024: ("5.50", "3.25", "210.00", "2100.00", BELASTINGDIENST),
    2025: ("5.60", "3.30", "210.00", "2100.00", SECONDARY_2025),
    2026: ("5.60", "3.30", "210.00", "2100.00", UNVERIFIED_2026),
}


def seed(apps, schema_editor):
    AllowanceLimit = apps.get_model("outreach", "AllowanceLimit")
    for year, (hour, hour_under_21, month, per_year, source) in LIMITS.items():
        AllowanceLimit.objects.update_or_create(
            year=year,
            defaults={
                "per_hour": Decimal(hour),
                "per_hour_under_21": Decimal(hour_under_21),
                "per_month": Decimal(month),
                "per_year": Decimal(per_year),
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("outreach", "0023_team_care_meetings_expenses")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
