"""Reading colours back from a terminal: `tmux capture-pane -e` lines parsed into cells (SGR
attributes and 256-colour or true colours), and the WCAG contrast of a cell's text."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BASE16 = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
    (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
    (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
]  # fmt: skip
_CUBE = (0, 95, 135, 175, 215, 255)
# the terminal's own colours, when the app leaves them: tmux's defaults, light on dark
DEFAULT_FG, DEFAULT_BG = (229, 229, 229), (0, 0, 0)
_SGR = re.compile(r"\x1b\[([0-9;:]*)m")

RGB = tuple[int, int, int]


def xterm(number: int) -> RGB:
    """An xterm 256-colour number as RGB."""
    if number < 16:
        return _BASE16[number]
    if number < 232:
        n = number - 16
        return _CUBE[n // 36], _CUBE[n // 6 % 6], _CUBE[n % 6]
    grey = 8 + (number - 232) * 10
    return grey, grey, grey


@dataclass(frozen=True)
class Cell:
    char: str
    fg: RGB
    bg: RGB
    bold: bool
    reverse: bool


def cells(line: str) -> list[Cell]:
    """The cells of one captured line (`tmux capture-pane -e -p`)."""
    fg: RGB | None = None
    bg: RGB | None = None
    bold = reverse = False
    out: list[Cell] = []
    position = 0
    for match in [*_SGR.finditer(line), None]:
        end = match.start() if match else len(line)
        for char in line[position:end]:
            out.append(Cell(char, fg or DEFAULT_FG, bg or DEFAULT_BG, bold, reverse))
        if match is None:
            return out
        position = match.end()
        codes = [int(c) if c else 0 for c in match.group(1).replace(":", ";").split(";")]
        i = 0
        while i < len(codes):
            code = codes[i]
            if code == 0:
                fg = bg = None
                bold = reverse = False
            elif code == 1:
                bold = True
            elif code == 22:
                bold = False
            elif code == 7:
                reverse = True
            elif code == 27:
                reverse = False
            elif code in (38, 48):
                if codes[i + 1] == 5:
                    colour, i = xterm(codes[i + 2]), i + 2
                else:
                    colour, i = (codes[i + 2], codes[i + 3], codes[i + 4]), i + 4
                if code == 38:
                    fg = colour
                else:
                    bg = colour
            elif code == 39:
                fg = None
            elif code == 49:
                bg = None
            elif 30 <= code <= 37 or 90 <= code <= 97:
                fg = xterm(code - 30 if code < 90 else code - 82)
            elif 40 <= code <= 47 or 100 <= code <= 107:
                bg = xterm(code - 40 if code < 100 else code - 92)
            i += 1
    return out


def luminance(rgb: RGB) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(first: RGB, second: RGB) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def screen_cells(captured: str) -> list[list[Cell]]:
    return [cells(line) for line in captured.split("\n")]


def text_of(row: list[Cell]) -> str:
    return "".join(cell.char for cell in row)


def word_cells(screen: list[list[Cell]], word: str) -> list[list[Cell]]:
    """The cells of every place `word` is on the screen."""
    found = []
    for row in screen:
        text = text_of(row)
        start = text.find(word)
        while start >= 0:
            found.append(row[start : start + len(word)])
            start = text.find(word, start + 1)
    return found


def hard_to_read(screen: list[list[Cell]], minimum: float = 4.5) -> list[str]:
    """Each run of visible text below `minimum` contrast, with its ratio."""
    problems = []
    for row in screen:
        run = [c for c in row if c.char.strip() and contrast(c.fg, c.bg) < minimum]
        if run:
            ratio = min(contrast(c.fg, c.bg) for c in run)
            problems.append(f"{''.join(c.char for c in run)!r} at {ratio:.1f}:1")
    return problems
