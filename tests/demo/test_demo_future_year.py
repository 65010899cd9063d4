"""The demo loads in any year, also one whose legal allowance maximum nobody has added yet:
in the first weeks of a new year the quick start must still work."""

from django.utils import timezone

from demo.seed import seed_demo
from outreach.models import AllowanceLimit, Household, VolunteerMonth


def test_the_demo_loads_in_a_year_without_a_known_allowance_maximum(db):
    # Given a year whose maximum is not known yet
    this_year = timezone.localdate().year
    AllowanceLimit.objects.filter(year=this_year).delete()
    # When the demo is loaded
    seed_demo()
    # Then it loads, and no allowance is made up against a maximum that is not known
    assert Household.objects.count() >= 150
    assert not VolunteerMonth.objects.filter(month__year=this_year).exists()
