"""Consent of a household, per scope. Consent comes first: name, address and phone are
stored only together with consent for home visits and for keeping data, and withdrawing
home-visit consent stops the team's contact with the household (no visits, no follow-ups,
no reminders about it, no requests for a score)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from outreach.events import consent_withdrawn
from outreach.models import Consent, ConsentScope, ConsentText, FollowUp, Household, User
from outreach.services.errors import field_error
from outreach.workflow import FollowUpStatus

# Without these two, the team may not keep a name, address or phone of a household.
REQUIRED_TO_REGISTER = (ConsentScope.HOME_VISITS, ConsentScope.DATA_STORAGE)


@dataclass(frozen=True)
class ConsentGiven:
    """One consent as the household gave it: the scope, the text version it heard or read,
    and how it said yes."""

    scope: str
    text: ConsentText
    method: str


def consent_stands(*, household: Household, scope: str) -> bool:
    return Consent.objects.standing().filter(household=household, scope=scope).exists()


def consents_check_for_registration(consents: list[ConsentGiven]) -> None:
    """Refuse a registration that does not carry consent for home visits and for keeping
    data, each with the text it was given for."""
    scopes = set()
    for consent in consents:
        if consent.text.scope != consent.scope:
            raise field_error(
                "consents", _("This text belongs to another kind of consent."), "wrong_text"
            )
        scopes.add(consent.scope)
    if not all(scope in scopes for scope in REQUIRED_TO_REGISTER):
        raise field_error(
            "consents",
            _(
                "First ask the household for consent to home visits and to keeping its "
                "details. Without that consent, do not write down a name, address or phone "
                "number; note a first contact instead."
            ),
            code="consent_required",
        )


def consents_record(
    *, household: Household, consents: list[ConsentGiven], recorded_by: User
) -> list[Consent]:
    """The consents given at registration, in the registration's transaction."""
    rows = []
    for given in {consent.scope: consent for consent in consents}.values():
        _require_text_of_municipality(given.text, household, field="consents")
        consent = Consent(
            household=household,
            scope=given.scope,
            text=given.text,
            method=given.method,
            recorded_by=recorded_by,
        )
        consent.full_clean(exclude=["household"])
        consent.save()
        rows.append(consent)
    return rows


def contact_refused(household: Household) -> bool:
    """The household wants no contact: no home-visit consent stands (withdrawn, or never
    given for a case from before consent came first). Answered without a query when the
    household was read with selectors.cases.contact_wanted() or its standing consents."""
    wanted = getattr(household, "contact_wanted", None)
    if wanted is not None:
        return not wanted
    standing = getattr(household, "standing_consents", None)
    if standing is not None:
        return not any(consent.scope == ConsentScope.HOME_VISITS for consent in standing)
    return not consent_stands(household=household, scope=ConsentScope.HOME_VISITS)


def home_visit_consent_withdrawn(household: Household) -> bool:
    """The household once agreed to home visits and took it back (as against a case from
    before consent came first, where it was never recorded)."""
    return Consent.objects.filter(
        household=household, scope=ConsentScope.HOME_VISITS, withdrawn_at__isnull=False
    ).exists()


def consent_require_contact(household: Household, *, field: str = "household") -> None:
    """Refuse a visit or a follow-up for a household that wants no contact, or whose consent
    for home visits was never recorded."""
    if not contact_refused(household):
        return
    if home_visit_consent_withdrawn(household):
        message = _(
            "This household wants no contact: there is no consent for home visits. "
            "Nothing can be planned or logged for it."
        )
    else:
        message = _(
            "No consent for home visits has been recorded for this household yet. Ask the "
            "household first and record its answer on the consent page; until then nothing "
            "can be planned or logged for it."
        )
    raise field_error(field, message, code="no_contact_wanted")


def _require_text_of_municipality(text: ConsentText, household: Household, *, field: str) -> None:
    """A household agrees to the deployment's text or its own municipality's, never to the
    text another municipality published."""
    if text.municipality_id not in (None, household.team.municipality_id):
        raise field_error(field, _("This text is not one of your municipality's."))


@transaction.atomic
def consent_give(
    *, household: Household, scope: str, text: ConsentText, method: str, recorded_by: User
) -> Consent:
    if text.scope != scope:
        raise field_error("text", _("This text belongs to another kind of consent."))
    _require_text_of_municipality(text, household, field="text")
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
    from the history tables too: they may no longer be kept. Withdrawing home-visit consent
    cancels the open follow-ups (each with a line in its history). Other apps react after
    the commit (outreach.events.consent_withdrawn): withdrawn consent for keeping data
    leads to the case being anonymised."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise field_error("consent", _("This consent was already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = withdrawn_by
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    if consent.scope == ConsentScope.SPECIAL_CATEGORY:
        _erase_special_category_fields(consent.household_id)
    if consent.scope == ConsentScope.HOME_VISITS:
        follow_ups_cancel_open(
            household_id=consent.household_id,
            cancelled_by=withdrawn_by,
            note=str(_("The household wants no contact")),
            change_reason="home-visit consent withdrawn",
            at=consent.withdrawn_at,
        )
    household_id, scope, user_id = consent.household_id, consent.scope, withdrawn_by.pk
    transaction.on_commit(
        lambda: consent_withdrawn.send(
            sender=Consent, household_id=household_id, scope=scope, withdrawn_by_id=user_id
        )
    )
    return consent


def follow_ups_cancel_open(
    *, household_id: int, cancelled_by: User, note: str, change_reason: str, at
) -> int:
    """Cancel the household's open follow-ups, each with a row in its history saying who
    and why. Returns how many."""
    follow_ups = list(
        FollowUp.objects.filter(household_id=household_id, status=FollowUpStatus.OPEN)
    )
    for follow_up in follow_ups:
        follow_up.status = FollowUpStatus.CANCELLED
        follow_up.completed_at = at
        follow_up.completion_note = note
        # A phone still holding the open follow-up now edits a stale version: a conflict.
        follow_up.version += 1
    bulk_update_with_history(
        follow_ups,
        FollowUp,
        ["status", "completed_at", "completion_note", "version"],
        default_user=cancelled_by,
        default_change_reason=change_reason,
        default_date=at,
    )
    return len(follow_ups)


def _erase_special_category_fields(household_id: int) -> None:
    cleared = dict.fromkeys(Household.SPECIAL_CATEGORY_FIELDS)
    household = Household.objects.select_for_update().get(pk=household_id)
    for name in Household.SPECIAL_CATEGORY_FIELDS:
        setattr(household, name, None)
    household.version += 1
    household.save()
    Household.history.filter(id=household_id).update(**cleared)
