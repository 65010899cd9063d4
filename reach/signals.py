"""The municipality's signals inbox: the signals its teams forwarded, as the municipality may
read them. The text the coordinator checked and forwarded, the theme, the team and when; the
district only where enough households share the theme there (see docs/reach.md, "Signalen").
Never who recorded or forwarded it, never a neighbourhood, never a household."""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Signal, SignalAnswer, User
from outreach.querysets import signal_inbox_of
from reach.figures import UNKNOWN_DISTRICT, district_of
from reach.selectors import area_label, area_names

NEWEST = ("-answered_at", "-pk")
UNLISTED_LABEL = _("Theme not on the list (yet)")


def signal_inbox(*, user: User, answered: bool | None = None) -> QuerySet[Signal]:
    """The forwarded signals the user may read, newest first, with their answers (newest
    first) and what the list shows of team and theme, in a fixed number of queries.
    `answered`: only those with (True) or without (False) an answer."""
    signals = signal_inbox_of(user)
    if answered is not None:
        has_answer = Exists(SignalAnswer.objects.filter(signal=OuterRef("pk")))
        signals = signals.filter(has_answer if answered else ~has_answer)
    return (
        signals.select_related("theme", "team__municipality")
        .prefetch_related(Prefetch("answers", queryset=SignalAnswer.objects.order_by(*NEWEST)))
        .order_by("-reviewed_at", "-pk")
    )


def signal_inbox_disclose(signals: Iterable[Signal], *, user: User) -> list[Signal]:
    """Give each signal of a page what the municipality may see of it: `theme_label` (no
    name for a theme not on the list), `district_code` and `district_name` where the
    forwarded signals of that theme, district and year concern at least REACH_K households
    together (empty otherwise: the municipality as a whole), and `latest_answer`. Two
    queries, whatever the page's length."""
    signals = list(signals)
    if not signals:
        return signals
    concerned = _households_per_theme_district_year(user)
    for signal in signals:
        district = district_of(signal.neighbourhood_code)
        enough = concerned[(signal.theme_id, district, _year(signal))] >= settings.REACH_K
        signal.district_code = district if enough and district != UNKNOWN_DISTRICT else ""
    names = area_names({signal.district_code for signal in signals if signal.district_code})
    for signal in signals:
        signal.district_name = (
            area_label(signal.district_code, names, _year(signal)) if signal.district_code else ""
        )
        # A theme nobody vetted yet was typed by a coordinator: like the figures, the
        # municipality does not read its name.
        signal.theme_label = signal.theme.name if signal.theme.listed else str(UNLISTED_LABEL)
        answers = list(signal.answers.all())
        signal.latest_answer = answers[0] if answers else None
    return signals


def _year(signal: Signal) -> int | None:
    # In local time, as the database's ExtractYear counts it.
    return timezone.localtime(signal.reviewed_at).year if signal.reviewed_at else None


def _households_per_theme_district_year(user: User) -> dict[tuple, int]:
    """Households concerned by the forwarded signals the user may read, summed per theme,
    district and year forwarded: one query, grouped by neighbourhood, added up per district."""
    rows = (
        signal_inbox_of(user)
        .order_by()
        .annotate(year=ExtractYear("reviewed_at"))
        .values("theme_id", "neighbourhood_code", "year")
        .annotate(households=Sum("households_concerned"))
    )
    totals: dict[tuple, int] = defaultdict(int)
    for row in rows:
        district = district_of(row["neighbourhood_code"])
        totals[(row["theme_id"], district, row["year"])] += row["households"]
    return totals
