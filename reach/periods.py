"""The fixed periods figures are published for: calendar months, quarters and years.

A period is named by its label ("2026-07", "2026-Q3", "2026"); from the label follow its
kind, its first day and the period it lies in. No other ranges exist."""

from datetime import date
from functools import lru_cache

from reach.models import PeriodKind


def quarter_label(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@lru_cache(maxsize=4096)
def kind_of(label: str) -> str:
    if len(label) == 4:
        return PeriodKind.YEAR
    if "Q" in label:
        return PeriodKind.QUARTER
    return PeriodKind.MONTH


@lru_cache(maxsize=4096)
def start_of(label: str) -> date:
    year = int(label[:4])
    if len(label) == 4:
        return date(year, 1, 1)
    if "Q" in label:
        return date(year, (int(label[-1]) - 1) * 3 + 1, 1)
    return date(year, int(label[5:7]), 1)


@lru_cache(maxsize=4096)
def parent_of(label: str) -> str | None:
    """The period a period lies in: month -> quarter -> year -> none."""
    kind = kind_of(label)
    if kind == PeriodKind.MONTH:
        return quarter_label(start_of(label))
    if kind == PeriodKind.QUARTER:
        return label[:4]
    return None


def periods_touching(start: date, end: date) -> tuple[str, ...]:
    """Every month, quarter and year that has at least one day in [start, end]."""
    return _periods_between((start.year, start.month), (end.year, end.month))


@lru_cache(maxsize=4096)
def _periods_between(first_month: tuple[int, int], last_month: tuple[int, int]) -> tuple[str, ...]:
    labels = (
        label for month in _months_between(first_month, last_month) for label in month_and_up(month)
    )
    return tuple(dict.fromkeys(labels))  # in order, each once


@lru_cache(maxsize=4096)
def _months_between(first_month: tuple[int, int], last_month: tuple[int, int]) -> tuple[str, ...]:
    labels: list[str] = []
    year, month = first_month
    while (year, month) <= last_month:
        labels.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(labels)


def months_touching(start: date, end: date) -> tuple[str, ...]:
    """Every month that has at least one day in [start, end]."""
    return _months_between((start.year, start.month), (end.year, end.month))


@lru_cache(maxsize=4096)
def month_and_up(month: str) -> tuple[str, ...]:
    """A month, its quarter and its year."""
    quarter = parent_of(month)
    return (month, quarter, parent_of(quarter))
