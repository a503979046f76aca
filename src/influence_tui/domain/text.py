"""Text from files is data, never instructions to a terminal: escape sequences and control
characters are removed on the way in, and invisible or reordering characters are dropped on the
way out (screen and report)."""

from __future__ import annotations

import re

# CSI (colours, cursor moves), OSC (titles, hyperlinks, clipboard) and other ESC sequences
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, ended by BEL or ST (or the end of the text)
    r"|\x1b[@-Z\\-_]"  # other two-character sequences
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# C0 and C1 controls and DEL, except tab and line breaks, which captions legitimately contain
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# bidi embeddings/overrides/isolates and zero-width characters: they reorder or hide the text
# around them
INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def strip_controls(text: str) -> tuple[str, bool]:
    """(text without terminal escapes and control characters, whether any were removed)."""
    cleaned = _CONTROLS.sub("", _ESCAPES.sub("", text))
    return cleaned, cleaned != text


def visible(text: str) -> str:
    """One line for a report or a screen: no bidi or zero-width characters, line breaks and tabs
    become spaces, and any control character that got past the import is removed."""
    text = _LINE_BREAKS.sub(" ", text.translate(INVISIBLE)).replace("\t", " ")
    return strip_controls(text)[0]


def counted(count: int, plural: str) -> str:
    """A count with its noun in the right number: counted(1, "influencers") → "1 influencer",
    counted(2_000, "entries") → "2,000 entries". Every "N things" the app writes goes through it."""
    if count != 1:
        return f"{count:,} {plural}"
    if plural.endswith("ies"):
        return f"1 {plural[:-3]}y"
    return (
        f"1 {plural[:-1]}" if plural.endswith("s") and not plural.endswith("ss") else f"1 {plural}"
    )
