"""Turning data into plain, safe, fixed-width cells: never markup, never terminal escapes."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual.widget import Widget

from influence_tui.domain.text import INVISIBLE
from influence_tui.report.numbers import UNKNOWN

# C0/C1 controls become their visible "control picture"; bidi overrides and zero-width marks are
# dropped so a name cannot reorder or hide the text around it.
_CONTROL = {c: 0x2400 + c for c in range(0x20)} | {0x7F: 0x2421}
_CONTROL |= {c: 0xFFFD for c in range(0x80, 0xA0)}
_TRANSLATION = _CONTROL | INVISIBLE
_SPARK = "▁▂▃▄▅▆▇█"
MAX_CELL = 200
_WS = re.compile(r"\s+")


def safe(value: object, limit: int = MAX_CELL) -> str:
    if value is None:
        return UNKNOWN
    text = str(value).translate(_TRANSLATION)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(value: object, style: str = "", limit: int = MAX_CELL) -> Text:
    """A cell that shows `value` literally: `[bold]x[/]` stays `[bold]x[/]`."""
    return Text(safe(value, limit), style=style, no_wrap=True, overflow="ellipsis")


def right(value: str, style: str = "") -> Text:
    return Text(value, style=style, justify="right", no_wrap=True)


def sparkline(values: list[float | None] | tuple[float | None, ...], width: int = 16) -> str:
    """Unicode blocks for the last `width` values; a gap week is a space."""
    tail = list(values)[-width:]
    known = [v for v in tail if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low or 1.0
    return "".join(
        " "
        if v is None
        else _SPARK[min(len(_SPARK) - 1, int((v - low) / span * (len(_SPARK) - 1) + 0.5))]
        for v in tail
    )


def bar(fraction: float | None, width: int = 10) -> str:
    if fraction is None:
        return " " * width
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


RISK_STYLE = {"high": "bold red", "medium": "yellow", "none": "green"}


def risk_cell(severity: str) -> Text:
    marks = {"high": "▲ HIGH", "medium": "△ medium", "none": "· none"}
    return Text(marks.get(severity, severity), style=RISK_STYLE.get(severity, ""), no_wrap=True)


class Line(Widget):
    """One line of text. Changing it repaints the line only, where Static.update() asks for a
    new layout of the whole screen on every table page."""

    DEFAULT_CSS = "Line { height: 1; }"

    def __init__(self, text: Text | str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._text = Text(text) if isinstance(text, str) else text

    def update(self, text: Text | str) -> None:
        self._text = Text(text) if isinstance(text, str) else text
        self.refresh()

    def render(self) -> Text:
        return self._text
