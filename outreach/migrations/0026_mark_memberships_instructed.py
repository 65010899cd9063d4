"""Every membership that existed before the privacy instruction gated case records is marked
as instructed on the day it started, so nothing changes for the members of today."""

from django.db import migrations
from django.db.models import F


def mark_instructed(apps, schema_editor):
    TeamMembership = apps.get_model("outreach", "TeamMembership")
    TeamMembership.objects.filter(privacy_instruction_on__isnull=True).update(
        privacy_instruction_on=F("started_on")
    )


class Migration(migrations.Migration):
    dependencies = [("outreach", "0025_peer_candidates_and_leaving")]

    operations = [migrations.RunPython(mark_instructed, migrations.RunPython.noop)]
