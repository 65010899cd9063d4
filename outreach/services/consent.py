from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Consent, ConsentScope, ConsentText, Household, User
from outreach.services.errors import field_error


def consent_stands(*, household: Household, scope: str) -> bool:
    return Consent.objects.standing().filter(household=household, scope=scope).exists()


@transaction.atomic
def consent_give(
    *, household: Household, scope: str, text: ConsentText, method: str, recorded_by: User
) -> Consent:
    if text.scope != scope:
        raise field_error("text", _("This text belongs to another kind of consent."))
    if text.municipality_id not in (None, household.team.municipality_id):
        raise field_error("text", _("This text is not one of your municipality's."))
    Household.objects.select_for_update().get(pk=household.pk)
    if consent_stands(household=household, scope=scope):
        raise field_error("scope", _("This consent has already been given."), code="duplicate")
    consent = Consent(
        household=household, scope=scope, text=text, method=method, recorded_by=recorded_by
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_by: User) -> Consent:
    """Withdraw a consent. Withdrawing special-category consent erases the sensitive fields,
    from the history tables too: they may no longer be kept."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise field_error("consent", _("This consent was already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = withdrawn_by
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    if consent.scope == ConsentScope.SPECIAL_CATEGORY:
        _erase_special_category_fields(consent.household_id)
    return consent


def _erase_special_category_fields(household_id: int) -> None:
    cleared = dict.fromkeys(Household.SPECIAL_CATEGORY_FIELDS)
    household = Household.objects.select_for_update().get(pk=household_id)
    for name in Household.SPECIAL_CATEGORY_FIELDS:
        setattr(household, name, None)
    household.version += 1
    household.save()
    Household.history.filter(id=household_id).update(**cleared)
