"""Signals: needs that officials overlook, recorded without personal data, reviewed by the
coordinator and forwarded to the municipality as theme and count."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import (
    Household,
    Signal,
    SignalAnswer,
    SignalAnswerStatus,
    SignalStatus,
    SignalTheme,
    Team,
    User,
)
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


def _review(
    signal: Signal, status: str, reviewed_by: User, note: str, forwarded_text: str = ""
) -> Signal:
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
    signal.forwarded_text = forwarded_text
    signal._change_reason = status
    signal._history_user = reviewed_by
    signal.full_clean()
    signal.save()
    return signal


@transaction.atomic
def signal_forward(
    *,
    signal: Signal,
    forwarded_by: User,
    confirmed_no_personal_data: bool,
    forwarded_text: str = "",
    note: str = "",
) -> Signal:
    """Pass the signal on: the municipality reads the forwarded text in its inbox, and the
    signal counts in its figures (theme, area, count). The coordinator confirms the text
    names nobody, and a text that still looks personal is refused, with no way round: it
    leaves the team. Empty forwarded_text: the description as it is."""
    if not confirmed_no_personal_data:
        raise field_error(
            "confirmed_no_personal_data",
            _("Confirm that the text for the municipality holds no personal data."),
            "required",
        )
    text = (forwarded_text or signal.description).strip()
    if not text:
        raise field_error(
            "forwarded_text", _("Write what the municipality should know."), "required"
        )
    if hints := personal_data_hints(text):
        raise field_error(
            "forwarded_text",
            _(
                "This text seems to contain %(what)s. Remove it: the municipality must not "
                "be able to recognise anyone from it. Then forward it again."
            )
            % {"what": ", ".join(hints)},
            "looks_personal",
        )
    return _review(signal, SignalStatus.FORWARDED, forwarded_by, note, forwarded_text=text)


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


@transaction.atomic
def signal_answer(*, signal: Signal, status: str, reply: str, answered_by: User) -> SignalAnswer:
    """The municipality answers a forwarded signal (again, as things move on): a new answer
    row each time, so the team sees what happened since it forwarded the signal."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.status != SignalStatus.FORWARDED:
        raise field_error("status", _("Only a forwarded signal can be answered."), "not_forwarded")
    if status not in SignalAnswerStatus.values:
        raise field_error("status", _("Choose a status from the list."), "invalid_choice")
    reply = reply.strip()
    if status == SignalAnswerStatus.NO_ACTION and not reply:
        raise field_error(
            "reply", _("Say why the municipality takes no action."), "reason_required"
        )
    answer = SignalAnswer(signal=signal, status=status, reply=reply, answered_by=answered_by)
    answer._history_user = answered_by
    answer.full_clean()
    answer.save()
    return answer
