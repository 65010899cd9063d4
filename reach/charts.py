"""Bar charts as plain SVG geometry, drawn by the template: no script, no external service."""

from dataclasses import dataclass
from decimal import Decimal

LABEL_WIDTH = 250
BAR_AREA = 260
ROW_HEIGHT = 30
LINE_HEIGHT = 17
BAR_HEIGHT = 20
# About what fits in LABEL_WIDTH at the chart's font size; a longer label takes two lines.
LINE_CHARACTERS = 30


@dataclass
class Bar:
    label: str
    text: str  # the value as shown, or why it is hidden
    suppressed: bool
    y: int
    width: int
    lines: list[str]  # the label as it is drawn: the same words as in the table

    @property
    def text_x(self) -> int:
        return LABEL_WIDTH + self.width + 6

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 5

    @property
    def label_y(self) -> int:
        """The first line of the label: two lines sit around the bar's middle."""
        return self.text_y - (LINE_HEIGHT // 2 if len(self.lines) > 1 else 0)


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    height: int

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_AREA + 110

    label_width = LABEL_WIDTH
    bar_height = BAR_HEIGHT
    line_height = LINE_HEIGHT


def label_lines(label: str) -> list[str]:
    """A label on one line, or broken between words over two: never cut short, so the chart
    says what the table beside it says (only a single word longer than a line is cut)."""
    if len(label) <= LINE_CHARACTERS:
        return [label]
    first, rest = "", label
    for word in label.split(" "):
        candidate = f"{first} {word}".strip()
        if first and len(candidate) > LINE_CHARACTERS:
            break
        first = candidate
    rest = label[len(first) :].strip()
    if not rest:
        return [first[: LINE_CHARACTERS - 1] + "…"]
    if len(rest) > LINE_CHARACTERS + 6:
        rest = rest[: LINE_CHARACTERS + 5] + "…"
    return [first, rest]


def bar_chart(title: str, rows: list[tuple[str, Decimal | None, str]]) -> BarChart:
    """rows: (label, value or None when suppressed, value as text)."""
    largest = max((value for _, value, _ in rows if value is not None), default=0) or 1
    bars = []
    y = 2
    for label, value, text in rows:
        width = 0 if value is None else round(BAR_AREA * float(value) / float(largest))
        lines = label_lines(label)
        extra = (len(lines) - 1) * LINE_HEIGHT
        bars.append(Bar(label, text, value is None, y + extra // 2, width, lines))
        y += ROW_HEIGHT + extra
    return BarChart(title, bars, y + 2)
