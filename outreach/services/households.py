import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.events import case_closed
from outreach.models import (
    Assignment,
    Consent,
    ConsentScope,
    Household,
    HouseholdMember,
    ReferenceCounter,
    Team,
    User,
)
from outreach.selectors.areas import neighbourhood_for_postcode
from outreach.services.conflicts import guard_stale_edit
from outreach.services.consent import (
    ConsentGiven,
    consents_check_for_registration,
    consents_record,
    follow_ups_cancel_open,
)
from outreach.services.errors import apply_changes, field_error, save_new_version
from outreach.validators import normalize_dutch_mobile, normalize_postcode
from outreach.workflow import HOUSEHOLD_TRANSITIONS, HouseholdStatus, is_allowed

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = (
    "contact_name",
    "phone",
    "street",
    "house_number",
    "postcode",
    "city",
    "neighbourhood_code",
    "neighbourhood_year",
    "adults",
    "children_0_3",
    "children_4_11",
    "children_12_17",
    "main_income_source",
    "referral_source",
    "known_to_municipality",
    "no_paid_work",
    "physical_health_problems",
    "psychological_problems",
)


def _next_reference(year: int) -> str:
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"HH-{year}-{counter.last_number:05d}"


def phone_normalised(data: dict) -> dict:
    """The data with its phone number (if any) in one form, or a field error saying why not."""
    data = dict(data)
    if data.get("phone"):
        try:
            data["phone"] = normalize_dutch_mobile(data["phone"])
        except ValidationError as error:
            raise field_error("phone", error.messages[0], code="invalid_phone") from error
    return data


def _normalise(data: dict) -> dict:
    data = phone_normalised(data)
    if data.get("postcode"):
        try:
            data["postcode"] = normalize_postcode(data["postcode"])
        except ValidationError as error:
            raise field_error("postcode", error.messages[0], code="invalid_postcode") from error
    if data.get("neighbourhood_code") and not data.get("neighbourhood_year"):
        data["neighbourhood_year"] = timezone.localdate().year
    return data


def _check_special_category(
    household: Household, data: dict, consents: list[ConsentGiven] | None = None
) -> None:
    """Health data may only be stored while special-category consent stands (or is given
    in the same step, at registration)."""
    wants_to_store = [
        name for name in Household.SPECIAL_CATEGORY_FIELDS if data.get(name) is not None
    ]
    if not wants_to_store:
        return
    if consents is not None:
        has_consent = any(c.scope == ConsentScope.SPECIAL_CATEGORY for c in consents)
    else:
        has_consent = (
            household.pk is not None
            and Consent.objects.standing()
            .filter(household=household, scope=ConsentScope.SPECIAL_CATEGORY)
            .exists()
        )
    if not has_consent:
        raise field_error(
            wants_to_store[0],
            _(
                "This is sensitive information. Ask the household for consent to store "
                "health information first."
            ),
            code="consent_required",
        )


def _check_neighbourhood(team: Team, data: dict) -> None:
    """A neighbourhood lies in the team's own municipality (BU + its four digits)."""
    code = data.get("neighbourhood_code")
    if code and code[2:6] != team.municipality.code[2:6]:
        raise field_error(
            "neighbourhood_code",
            _("Choose a neighbourhood of %(municipality)s.")
            % {"municipality": team.municipality.name},
            code="other_municipality",
        )


def _suggest_neighbourhood(team: Team, data: dict) -> dict:
    """No neighbourhood chosen but a postcode given: the neighbourhood most of that
    postcode's addresses lie in, when the postcode table is loaded (the peer can change it
    on the profile page)."""
    if data.get("neighbourhood_code") or not data.get("postcode"):
        return data
    suggestion = neighbourhood_for_postcode(
        postcode=data["postcode"], municipality_code=team.municipality.code
    )
    if suggestion is not None:
        data["neighbourhood_code"], data["neighbourhood_year"] = suggestion
    return data


@transaction.atomic
def household_register(
    *,
    team: Team,
    registered_by: User,
    data: dict,
    consents: list[ConsentGiven],
    client_uuid: uuid.UUID | None = None,
) -> Household:
    """Register a new household, with the consents it gave in the same step: without
    consent for home visits and for keeping data, no name, address or phone is stored
    (a first contact can be noted instead). It starts without a lead peer, in the team's
    intake queue. A registration sent again with the same `client_uuid` (a phone's outbox
    resending after a lost answer, or two sends racing) returns the household registered
    the first time."""
    if client_uuid is not None:
        existing = _registered_before(client_uuid, registered_by)
        if existing is not None:
            return existing
    consents_check_for_registration(consents)
    data = _suggest_neighbourhood(team, _normalise(data))
    _check_neighbourhood(team, data)
    household = Household(team=team, registered_by=registered_by, client_uuid=client_uuid)
    apply_changes(household, data, EDITABLE_FIELDS)
    _check_special_category(household, data, consents)
    household.reference = _next_reference(timezone.localdate().year)
    household.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            household.save()
    except IntegrityError:
        existing = _registered_before(client_uuid, registered_by) if client_uuid else None
        if existing is None:
            raise
        return existing
    consents_record(household=household, consents=consents, recorded_by=registered_by)
    return household


def _registered_before(client_uuid: uuid.UUID, registered_by: User) -> Household | None:
    existing = Household.objects.filter(client_uuid=client_uuid).first()
    if existing is not None and existing.registered_by_id != registered_by.pk:
        raise field_error(
            "client_uuid", _("This client id was already used for another household."), "duplicate"
        )
    return existing


@transaction.atomic
def household_update(
    *, household: Household, changed_by: User, data: dict, base_version: int | None = None
) -> Household:
    household = Household.objects.select_for_update().get(pk=household.pk)
    data = _normalise(data)
    guard_stale_edit(
        instance=household, base_version=base_version, data=data, submitted_by=changed_by
    )
    _check_neighbourhood(household.team, data)
    _check_special_category(household, data)
    changed = apply_changes(household, data, EDITABLE_FIELDS)
    save_new_version(household, changed)
    return household


@transaction.atomic
def member_add(*, household: Household, label: str, age_band: str = "") -> HouseholdMember:
    member = HouseholdMember(household=household, label=label, age_band=age_band)
    member.full_clean()
    member.save()
    return member


def _transition(household: Household, new_status: str) -> None:
    if not is_allowed(HOUSEHOLD_TRANSITIONS, household.status, new_status):
        raise field_error(
            "status",
            _("A case that is %(current)s cannot become %(new)s.")
            % {
                "current": household.get_status_display().lower(),
                "new": HouseholdStatus(new_status).label.lower(),
            },
            code="invalid_transition",
        )
    household.status = new_status


@transaction.atomic
def household_close(
    *,
    household: Household,
    closed_by: User,
    reason: str,
    satisfaction: int | None,
    became_more_active: bool | None,
) -> Household:
    """Close a case. The household's history gets a row ("closed") naming who closed it and
    when. Its current assignment ends with it, so the case leaves the peers' phones, and its
    open follow-ups are cancelled (see _end_case_work for what records that)."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.status == HouseholdStatus.CLOSED:
        raise field_error("status", _("This case is already closed."), code="invalid_transition")
    if satisfaction is not None and not 1 <= satisfaction <= 10:
        raise field_error("satisfaction", _("Give a score from 1 to 10."), code="out_of_range")
    _transition(household, HouseholdStatus.CLOSED)
    household.closing_reason = reason
    household.satisfaction = satisfaction
    household.became_more_active = became_more_active
    household.closed_at = timezone.now()
    household.version += 1
    household._change_reason = "closed"
    household._history_user = closed_by  # also when no request is there to name them
    household.full_clean()
    household.save()
    _end_case_work(household=household, closed_by=closed_by, ended_at=household.closed_at)
    transaction.on_commit(
        lambda: case_closed.send(sender=Household, household_id=household.pk, reason=reason)
    )
    return household


def _end_case_work(*, household: Household, closed_by: User, ended_at) -> None:
    """A closed case leaves the peers' phones: its current assignment is stamped ended, with
    when and by whom, on the assignment row itself (one `.update()`; assignments keep no
    history table, the stamp is their record). Its open follow-ups are cancelled, each with
    a row in its history saying who and why."""
    Assignment.objects.current().filter(household=household).update(
        ended_at=ended_at, ended_by=closed_by
    )
    follow_ups_cancel_open(
        household_id=household.pk,
        cancelled_by=closed_by,
        note=str(_("Case closed")),
        change_reason="case closed",
        at=ended_at,
    )


@transaction.atomic
def household_reopen(*, household: Household, reopened_by: User) -> Household:
    """Reopen a closed case; it goes back to the intake queue to be assigned again."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.status != HouseholdStatus.CLOSED:
        raise field_error("status", _("Only a closed case can be reopened."), "invalid_transition")
    _transition(household, HouseholdStatus.ACTIVE)
    household.closing_reason = ""
    household.satisfaction = None
    household.became_more_active = None
    household.closed_at = None
    household.version += 1
    household._change_reason = "reopened"
    household.save()
    return household
