"""The data migration that puts an existing catalogue on its municipality and year."""

import importlib
from datetime import date

from django.apps import apps

from outreach.models import Municipality, Provision, ProvisionCheck
from tests.factories import ProvisionCheckFactory

migration = importlib.import_module(
    "outreach.migrations.0015_put_catalogue_on_municipality_and_year"
)


def test_one_municipalitys_catalogue_becomes_its_own_from_the_year_of_its_first_check(world):
    # Given a deployment with one municipality, its catalogue shared as before, one provision
    # first checked in 2024
    Provision.objects.update(municipality=None, year=date.today().year)
    bijstand = Provision.objects.get(name="Bijzondere bijstand")
    ProvisionCheckFactory(household=world.household, provision=bijstand,
                          checked_on=date(2024, 3, 1))  # fmt: skip
    # When the migration runs
    migration.forwards(apps, None)
    # Then its municipal and fund provisions are the municipality's, national ones shared
    roosendaal = world.household.team.municipality
    assert Provision.objects.get(name="Bijzondere bijstand").municipality == roosendaal
    assert Provision.objects.get(name="Stichting Leergeld").municipality == roosendaal
    assert Provision.objects.get(name="Zorgtoeslag").municipality is None
    # And each row applies from the year of its first check, or this year
    assert Provision.objects.get(name="Bijzondere bijstand").year == 2024
    assert Provision.objects.get(name="Huurtoeslag").year == date.today().year
    assert ProvisionCheck.objects.filter(provision__name="Bijzondere bijstand").exists()


def test_with_several_municipalities_the_catalogue_stays_shared(world):
    Provision.objects.update(municipality=None)
    Municipality.objects.create(code="GM0748", name="Bergen op Zoom")
    migration.forwards(apps, None)
    assert not Provision.objects.filter(municipality__isnull=False).exists()
