"""Seed the volunteer allowance limits per year and the starting list of signal themes.

Limits: Belastingdienst, vrijwilligersvergoeding (shared/docs/domain.md): 2024 and 2025 at
most €5.60 per hour, €210 per month and €2,100 per year. 2026 is entered with the same
amounts so the current year is never without limits; an administrator corrects it in the
admin when the Belastingdienst publishes other amounts."""

from decimal import Decimal

from django.db import migrations

LIMITS = {
    2024: ("5.60", "210.00", "2100.00"),
    2025: ("5.60", "210.00", "2100.00"),
    2026: ("5.60", "210.00", "2100.00"),
}
# Stored in Dutch: themes are data that coordinators extend in their own words.
THEMES = [
    "Schulden",
    "Kwaliteit van de woning",
    "Eenzaamheid",
    "Toegang tot een voorziening",
    "Digitale uitsluiting",
]


def seed(apps, schema_editor):
    AllowanceLimit = apps.get_model("outreach", "AllowanceLimit")
    SignalTheme = apps.get_model("outreach", "SignalTheme")
    for year, (hour, month, per_year) in LIMITS.items():
        AllowanceLimit.objects.get_or_create(
            year=year,
            defaults={
                "per_hour": Decimal(hour),
                "per_month": Decimal(month),
                "per_year": Decimal(per_year),
            },
        )
    for name in THEMES:
        SignalTheme.objects.get_or_create(name=name, municipality=None)


def unseed(apps, schema_editor):
    apps.get_model("outreach", "AllowanceLimit").objects.filter(year__in=LIMITS).delete()
    apps.get_model("outreach", "SignalTheme").objects.filter(
        name__in=THEMES, municipality=None, signals__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("outreach", "0005_coordinator_workspace")]

    operations = [migrations.RunPython(seed, unseed)]
