"""The catalogue of provisions: rows added, changed and removed by who keeps it."""

from django.db import transaction

from outreach.models import Provision, User


@transaction.atomic
def provision_create(*, created_by: User, data: dict) -> Provision:
    """Add a row to the catalogue: a municipal administrator's is their municipality's,
    the operator's is shared (national)."""
    municipality_id = created_by.municipality_id if created_by.is_municipal_admin else None
    return Provision.objects.create(municipality_id=municipality_id, **data)


@transaction.atomic
def provision_update(*, provision: Provision, data: dict) -> Provision:
    """Change a row of the catalogue; its municipality stays."""
    for name, value in data.items():
        setattr(provision, name, value)
    provision.save()
    return provision


@transaction.atomic
def provision_delete(*, provision: Provision) -> None:
    """Remove a row of the catalogue. One that a household's check uses is kept (the
    database refuses; the API answers 409)."""
    provision.delete()
