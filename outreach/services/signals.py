"""Signals: needs that officials overlook, recorded without personal data, reviewed by the
coordinator and forwarded to the municipality as theme and count."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Household, Signal, SignalStatus, SignalTheme, Team, User
from outreach.services.errors import field_error
from outreach.validators import personal_data_hints


def _check_description(description: str, confirmed_no_personal_data: bool) -> None:
    hints = personal_data_hints(description)
    if hints and not confirmed_no_personal_data:
        raise field_error(
            "description",
            _(
                "This text seems to contain %(what)s. A signal is about a need, never about "
                "a person: remove it, or confirm that it is not personal data."
            )
            % {"what": ", ".join(hints)},
            "looks_personal",
        )


@transaction.atomic
def signal_record(
    *,
    team: Team,
    theme: SignalTheme,
    neighbourhood_code: str,
    description: str,
    households_concerned: int,
    recorded_by: User,
    neighbourhood_year: int | None = None,
    confirmed_no_personal_data: bool = False,
) -> Signal:
    if (
        theme.municipality_id not in (None, team.municipality_id)
        or not theme.active
        or not theme.listed
    ):
        raise field_error("theme", _("Choose a theme from the list."), "unknown_theme")
    _check_description(description, confirmed_no_personal_data)
    signal = Signal(
        team=team,
        theme=theme,
        neighbourhood_code=neighbourhood_code.strip().upper(),
        neighbourhood_year=neighbourhood_year or timezone.localdate().year,
        description=description.strip(),
        households_concerned=households_concerned,
        recorded_by=recorded_by,
    )
    signal._history_user = recorded_by
    signal.full_clean()
    signal.save()
    return signal


def _review(signal: Signal, status: str, reviewed_by: User, note: str) -> Signal:
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.status != SignalStatus.NEW:
        raise field_error(
            "status",
            _("This signal was already reviewed: %(status)s.")
            % {"status": signal.get_status_display().lower()},
            "already_reviewed",
        )
    signal.status = status
    signal.reviewed_by = reviewed_by
    signal.reviewed_at = timezone.now()
    signal.review_note = note
    signal._change_reason = status
    signal._history_user = reviewed_by
    signal.full_clean()
    signal.save()
    return signal


@transaction.atomic
def signal_forward(*, signal: Signal, forwarded_by: User, note: str = "") -> Signal:
    """Pass the signal on: it now counts in the municipality's figures (theme, area, count)."""
    return _review(signal, SignalStatus.FORWARDED, forwarded_by, note)


@transaction.atomic
def signal_set_aside(*, signal: Signal, reviewed_by: User, note: str) -> Signal:
    if not note.strip():
        raise field_error("note", _("Say why this is not passed on."), "required")
    return _review(signal, SignalStatus.SET_ASIDE, reviewed_by, note)


@transaction.atomic
def signal_from_visit(
    *,
    household: Household,
    theme: SignalTheme,
    description: str,
    recorded_by: User,
    confirmed_no_personal_data: bool = False,
) -> Signal:
    """A need the household meets that officials seem to overlook, noted by the peer after a
    visit. It goes to the coordinator's signals page like any other signal: with the
    household's team and neighbourhood, concerning one household, and no link to it."""
    if not household.neighbourhood_code:
        raise field_error(
            "description",
            _("The neighbourhood of this household is not known yet. Fill it in first."),
            "no_neighbourhood",
        )
    return signal_record(
        team=household.team,
        theme=theme,
        neighbourhood_code=household.neighbourhood_code,
        neighbourhood_year=household.neighbourhood_year,
        description=description,
        households_concerned=1,
        recorded_by=recorded_by,
        confirmed_no_personal_data=confirmed_no_personal_data,
    )
