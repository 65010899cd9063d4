"""Keeping the catalogue of provisions: whose a new row is, and a row in use stays."""

import pytest
from django.db.models import ProtectedError

from outreach.models import Provision, ProvisionCheck
from outreach.services.provisions import provision_create, provision_delete, provision_update


def test_a_municipal_administrators_new_row_is_their_municipalitys(world):
    # Given the municipal administrator of the world's municipality
    manager = world.municipal_admin
    # When they add a provision
    provision = provision_create(
        created_by=manager, data={"name": "Stadspas", "level": "municipal", "year": 2026}
    )
    # Then it is in their municipality's catalogue, not the shared one
    assert provision.municipality_id == manager.municipality_id


def test_the_operators_new_row_is_shared(world):
    # When the administrator (the operator) adds a provision
    provision = provision_create(
        created_by=world.admin, data={"name": "Landelijke toeslag", "level": "national"}
    )
    # Then it belongs to no municipality: every catalogue has it
    assert provision.municipality_id is None


def test_a_change_keeps_the_rows_municipality(world):
    # Given a row of the municipality
    provision = provision_create(
        created_by=world.municipal_admin, data={"name": "Stadspas", "level": "municipal"}
    )
    # When it is switched off
    provision_update(provision=provision, data={"active": False})
    # Then it is off and still the municipality's
    provision.refresh_from_db()
    assert not provision.active
    assert provision.municipality_id == world.municipal_admin.municipality_id


def test_a_row_a_household_check_uses_is_not_removed(world):
    # Given a provision that a household's check uses
    provision = ProvisionCheck.objects.filter(household=world.household).first().provision
    # When someone removes it, then the database refuses and the row stays
    with pytest.raises(ProtectedError):
        provision_delete(provision=provision)
    assert Provision.objects.filter(pk=provision.pk).exists()
