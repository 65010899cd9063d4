"""Bar charts as plain SVG geometry, drawn by the template: no script, no external service."""

from dataclasses import dataclass
from decimal import Decimal

LABEL_WIDTH = 250
BAR_AREA = 260
ROW_HEIGHT = 30
BAR_HEIGHT = 20


@dataclass
class Bar:
    label: str
    text: str  # the value as shown, or why it is hidden
    suppressed: bool
    y: int
    width: int

    @property
    def text_x(self) -> int:
        return LABEL_WIDTH + self.width + 6

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 5


@dataclass
class BarChart:
    title: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + 4

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_AREA + 110

    label_width = LABEL_WIDTH
    bar_height = BAR_HEIGHT


def bar_chart(title: str, rows: list[tuple[str, Decimal | None, str]]) -> BarChart:
    """rows: (label, value or None when suppressed, value as text)."""
    largest = max((value for _, value, _ in rows if value is not None), default=0) or 1
    bars = []
    for index, (label, value, text) in enumerate(rows):
        width = 0 if value is None else round(BAR_AREA * float(value) / float(largest))
        short = label if len(label) <= 32 else label[:31] + "…"
        bars.append(Bar(short, text, value is None, index * ROW_HEIGHT + 2, width))
    return BarChart(title, bars)
