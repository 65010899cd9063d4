"""Existing provisions on their municipality and year. A deployment with one municipality
had one catalogue: its municipal and fund provisions are that municipality's own; national
ones stay shared. Each row applies from the year of its first check (or this year), so the
checks already made keep their amounts when next year's rows are added. With several
municipalities nobody can tell whose a row was: they stay shared, for the operator to
move."""

from django.db import migrations
from django.db.models import Min
from django.utils import timezone


def forwards(apps, schema_editor):
    Municipality = apps.get_model("outreach", "Municipality")
    Provision = apps.get_model("outreach", "Provision")
    municipalities = list(Municipality.objects.all()[:2])
    if len(municipalities) == 1:
        Provision.objects.filter(level__in=("municipal", "fund")).update(
            municipality=municipalities[0]
        )
    this_year = timezone.localdate().year
    for provision in Provision.objects.annotate(first=Min("checks__checked_on")):
        year = provision.first.year if provision.first else this_year
        if provision.year != year:
            Provision.objects.filter(pk=provision.pk).update(year=year)


def backwards(apps, schema_editor):
    apps.get_model("outreach", "Provision").objects.update(municipality=None)


class Migration(migrations.Migration):
    dependencies = [("outreach", "0014_per_municipality_catalogue_texts_and_sms")]

    operations = [migrations.RunPython(forwards, backwards)]
