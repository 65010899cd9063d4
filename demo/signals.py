"""Demo: the municipality's answers to the signals Roosendaal's teams forwarded, in each
status, so that the inbox (as `gemeente`) and the coordinators' signals pages show them."""

from outreach.models import Signal, SignalAnswer, SignalAnswerStatus, SignalStatus, Team, User
from outreach.services.signals import signal_answer

# Per team and theme of a forwarded signal: the answers in the order given. One forwarded
# signal (Eenzaamheid in Noord's second neighbourhood) stays unanswered on purpose.
ANSWERS = {
    ("Noord", "Schulden"): [
        (SignalAnswerStatus.RECEIVED, "Dank voor het signaal. We kijken ernaar."),
        (
            SignalAnswerStatus.LOOKING_INTO,
            "We bespreken met de energieleverancier of een betalingsregeling standaard kan.",
        ),
    ],
    ("Noord", "Eenzaamheid"): [
        (
            SignalAnswerStatus.ACTION_TAKEN,
            "De buurtbus rijdt vanaf volgende maand op dinsdag en vrijdag langs de markt.",
        ),
    ],
    ("Zuid", "Kwaliteit van de woning"): [
        (
            SignalAnswerStatus.NO_ACTION,
            "De woningcorporatie pakt de schimmel al aan in een renovatie dit jaar. "
            "Meldingen kunnen huurders bij de corporatie doen.",
        ),
    ],
}


def seed_signal_answers(*, teams: dict[str, Team], answered_by: User) -> None:
    """Answer the forwarded demo signals once (a second run adds nothing)."""
    forwarded = Signal.objects.filter(
        team__in=teams.values(), status=SignalStatus.FORWARDED
    ).select_related("team", "theme")
    if SignalAnswer.objects.filter(signal__in=forwarded).exists():
        return
    answered = set()
    for signal in forwarded.order_by("created_at", "pk"):
        key = (signal.team.name, signal.theme.name)
        if key in answered or key not in ANSWERS:
            continue
        answered.add(key)
        for status, reply in ANSWERS[key]:
            signal_answer(signal=signal, status=status, reply=reply, answered_by=answered_by)
