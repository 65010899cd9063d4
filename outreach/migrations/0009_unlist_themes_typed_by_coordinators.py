"""Themes that coordinators typed in themselves were never vetted: they leave the list
until an administrator checks them in the admin (and renames or merges them). Their
signals stay, and count in the municipality's figures without the theme's name. A name
that does not start with a letter or digit (one a spreadsheet could take for a formula)
leaves the list too, whoever made it."""

import re

from django.db import migrations

STARTS_WELL = re.compile(r"^[^\W_]")


def unlist(apps, schema_editor):
    SignalTheme = apps.get_model("outreach", "SignalTheme")
    typed = SignalTheme.objects.filter(created_by__isnull=False, listed=True)
    typed.update(listed=False, active=False)
    badly_named = [
        theme.pk
        for theme in SignalTheme.objects.filter(listed=True).only("pk", "name").iterator()
        if not STARTS_WELL.match(theme.name)
    ]
    SignalTheme.objects.filter(pk__in=badly_named).update(listed=False, active=False)


class Migration(migrations.Migration):
    dependencies = [("outreach", "0008_add_signal_theme_listed")]

    operations = [migrations.RunPython(unlist, migrations.RunPython.noop)]
