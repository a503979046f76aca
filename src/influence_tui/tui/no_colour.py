"""`NO_COLOR`: colours become greys that stay readable.

Textual turns every colour into the grey of its luminance, so a dark red on a dark background (the
explorer's HIGH risk, its flag badges) becomes grey on grey at about 1.3:1, unreadable. Here a
grey too close to its background is replaced by black or white, whichever stands out more, so
every text keeps at least the 4.5:1 contrast WCAG asks of body text. What colour meant is carried
by words, marks and bold (▲ HIGH, the flag badges), never by the grey alone."""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color as RichColor
from rich.color import ColorType
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

MIN_CONTRAST = 4.5
_BLACK = Color(0, 0, 0)
_WHITE = Color(255, 255, 255)


def luminance(color: Color) -> float:
    """WCAG relative luminance (0 black … 1 white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(first: Color, second: Color) -> float:
    """WCAG contrast ratio, 1 (none) … 21 (black on white)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _grey(color: RichColor) -> Color | None:
    """The grey of a colour; None for the terminal's default colour (unknown here)."""
    if color.type == ColorType.DEFAULT:
        return None
    return Color.from_rich_color(color, ansi=False).monochrome


@lru_cache(1024)
def readable_monochrome(style: Style, background: Color) -> Style:
    """The style in greys, its text at least MIN_CONTRAST against its background (its own, else
    the widget's)."""
    fore = None if style.color is None else _grey(style.color)
    back = None if style.bgcolor is None else _grey(style.bgcolor)
    behind = back if style.bgcolor is not None else background.monochrome
    if fore is not None and behind is not None and contrast(fore, behind) < MIN_CONTRAST:
        fore = max((_BLACK, _WHITE), key=lambda candidate: contrast(candidate, behind))
    return style + Style.from_color(
        None if fore is None else fore.rich_color, None if back is None else back.rich_color
    )


class ReadableMonochrome(LineFilter):
    """Textual's Monochrome filter, with the contrast floor of `readable_monochrome`."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, readable_monochrome(style, background) if style else style, None)
            for text, style, _ in segments
        ]


READABLE_MONOCHROME = ReadableMonochrome()
