"""The demo tells a consistent story: a closed case is not worked on after its closing, so
the municipality's demo figures never show more households visited than reached."""

from django.core.management import call_command
from django.db.models import F

from outreach.models import Household, ProvisionCheck, Visit


def test_no_case_work_after_a_case_closed(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    closed = Household.objects.filter(closed_at__isnull=False)
    assert closed.count() >= 20
    assert not Visit.objects.filter(
        household__closed_at__isnull=False, started_at__gt=F("household__closed_at")
    ).exists()
    assert not ProvisionCheck.objects.filter(
        household__closed_at__isnull=False, checked_on__gt=F("household__closed_at__date")
    ).exists()
    # And no visit before the case was registered
    assert not Visit.objects.filter(started_at__lt=F("household__created_at")).exists()
