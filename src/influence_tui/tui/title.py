"""Title lines that shorten gracefully: each part has a short form and a rank, and a line too wide
for its widget shortens, then drops, the parts of lowest rank first, so what must stay (the as-of
date, the filters in force) stays at any width."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from influence_tui.tui.text import Line

SEPARATOR = " · "


@dataclass(frozen=True)
class Part:
    """One part of a title. `short`: a shorter form ("" drops it); `rank`: parts of lower rank
    shorten first, then drop first; `keep`: never dropped (only shortened)."""

    full: str
    short: str | None = None
    rank: int = 0
    keep: bool = False


def _width(texts: Sequence[str]) -> int:
    shown = [t for t in texts if t]
    return cell_len(SEPARATOR.join(shown))


def fit_title(parts: Sequence[Part], width: int) -> str:
    """The parts joined, as wide as fits `width`: first each part's short form, lowest rank
    first; then parts dropped, lowest rank first (never a kept one); then the end is cut."""
    texts = [part.full for part in parts]
    by_rank = sorted(range(len(parts)), key=lambda i: (parts[i].rank, -i))
    for index in by_rank:
        if _width(texts) <= width:
            break
        if parts[index].short is not None:
            texts[index] = parts[index].short or ""
    for index in by_rank:
        if _width(texts) <= width:
            break
        if not parts[index].keep:
            texts[index] = ""
    line = SEPARATOR.join(t for t in texts if t)
    if cell_len(line) > width:
        cut = Text(line)
        cut.truncate(max(0, width), overflow="ellipsis")
        return cut.plain
    return line


class TitleLine(Line):
    """A Line whose text is a title of parts, fitted to the widget's width at each paint (so a
    resize shortens or lengthens it)."""

    def __init__(self, parts: Sequence[Part] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.parts: tuple[Part, ...] = tuple(parts)

    def set_parts(self, parts: Sequence[Part]) -> None:
        self.parts = tuple(parts)
        self.refresh()

    @property
    def plain(self) -> str:
        """The whole title, unshortened."""
        return SEPARATOR.join(part.full for part in self.parts)

    def render(self) -> Text:
        width = self.content_region.width or 1_000
        return Text(fit_title(self.parts, width), no_wrap=True, overflow="ellipsis")
