"""Help: the keys in force where it was opened (from the live bindings, keymap applied), every
metric and flag definition, the risk rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from influence_tui.domain.flags import FlagConfig, flag_definitions
from influence_tui.domain.metrics import METRIC_DEFINITIONS
from influence_tui.domain.posts import POST_FLAG_DEFINITIONS
from influence_tui.domain.risk import RiskConfig, describe_rule
from influence_tui.tui.flags import INFLUENCER_CODES, POST_CODES, coded


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [
        Binding(
            "escape,q,question_mark,f1",
            "app.pop_screen",
            "Close",
            id="help.close",
            tooltip="close the help",
        )
    ]

    def __init__(self, keys: list[tuple[str, str]], flags: FlagConfig, risk: RiskConfig) -> None:
        """`keys`: (keys, what they do) of the bindings in force where help was asked for."""
        super().__init__()
        self.keys = keys
        self.flags = flags
        self.risk = risk

    def compose(self) -> ComposeResult:
        flags = [
            (coded(name, INFLUENCER_CODES), what)
            for name, what in flag_definitions(self.flags).items()
        ]
        post_flags = [
            (coded(name, POST_CODES), what) for name, what in POST_FLAG_DEFINITIONS.items()
        ]
        body = Group(
            _section("Keys here", self.keys, "bold cyan"),
            _section("Metrics", METRIC_DEFINITIONS.items(), "bold cyan"),
            _section("Flags (roster; f filters by one)", flags, "bold magenta"),
            _section("Post flags (posts; f filters by one)", post_flags, "bold magenta"),
            Text(
                describe_rule(self.risk),
                style="dim",
            ),
        )
        with VerticalScroll(id="help-body"):
            yield Static(body)


def _section(title: str, lines: Iterable[tuple[str, str]], style: str) -> Group:
    """A heading over two columns; a long definition wraps under itself, not under the name."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=style, no_wrap=True)
    grid.add_column(overflow="fold")
    for name, what in lines:
        grid.add_row(Text(name), Text(what))
    return Group(Text(title, style="bold"), Padding(grid, (0, 0, 1, 2)))
