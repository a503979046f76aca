"""Help: every key, every metric and flag definition, the risk rule."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from influence_tui.domain.flags import FlagConfig, flag_definitions
from influence_tui.domain.metrics import METRIC_DEFINITIONS


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [
        Binding("escape,q,question_mark,f1", "app.pop_screen", "Close", id="help.close")
    ]

    def __init__(self, flags: FlagConfig) -> None:
        super().__init__()
        self.flags = flags

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("Keys\n", style="bold")
        for keys, what in HELP_KEYS:
            text.append(f"  {keys:<16}", style="bold cyan")
            text.append(f"{what}\n")
        text.append("\nMetrics\n", style="bold")
        for name, definition in METRIC_DEFINITIONS.items():
            text.append(f"  {name:<12}", style="bold cyan")
            text.append(f"{definition}\n")
        text.append("\nFlags\n", style="bold")
        for name, definition in flag_definitions(self.flags).items():
            text.append(f"  {name:<18}", style="bold magenta")
            text.append(f"{definition}\n")
        text.append(
            "\nPlatform risk: high = a 25% level drop and (a falling Sen slope or a run below the\n"
            "baseline band); medium = any one of them; weekly series, complete weeks only.\n",
            style="dim",
        )
        with VerticalScroll(id="help-body"):
            yield Static(text)


HELP_KEYS = [
    ("1 2 3, tab", "Roster / Posts / Platforms, cycle panes"),
    ("j k ↑ ↓", "move"),
    ("g G", "first / last page"),
    ("pgup pgdn", "page up / down (loads the next page at the edge)"),
    ("enter", "drill down: influencer detail, platform weeks"),
    ("z", "detail: the summary and review history take the whole screen"),
    ("esc", "back, or clear the filter"),
    ("/", "live filter (handle, name, country; posts: handle, title)"),
    ("s", "sort by the column under the cursor (again: flip)"),
    ("[ ]", "sort ascending / descending"),
    ("←  →", "move between columns"),
    ("c t p", "choose campaign, tier, platform filter"),
    ("K W D U", "review the highlighted row: keep / watch / drop / unreviewed"),
    ("e", "edit the review note"),
    (">", "jump to the next unreviewed influencer"),
    ("r", "filter the roster by review decision"),
    ("n", "new spend entry (Platforms pane)"),
    ("? f1", "this help"),
    ("ctrl+p :", "command palette"),
    ("q", "back, or quit at the top; ctrl+q quits"),
]
