"""The column chooser: which columns a table shows (the first one always does)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList, Static
from textual.widgets.selection_list import Selection


class ColumnsScreen(ModalScreen[frozenset[str] | None]):
    """A list of the table's columns, each shown or hidden: space or enter toggles, esc closes
    and applies; the answer is the columns to hide."""

    BINDINGS: ClassVar = [
        Binding(
            "escape,q,o", "done", "Done", id="columns.done", tooltip="close, with these columns"
        ),
        Binding("j", "down", "Down", show=False, id="columns.down", tooltip="move down"),
        Binding("k", "up", "Up", show=False, id="columns.up", tooltip="move up"),
    ]

    def __init__(self, noun: str, columns: list[str], hidden: frozenset[str]) -> None:
        super().__init__()
        self.noun = noun
        self.column_labels = columns
        self.hidden = hidden

    def compose(self) -> ComposeResult:
        with Vertical(id="columns-box"):
            yield Label(Text(f"Columns of the {self.noun} (the first always shows)"))
            yield SelectionList[str](
                *[
                    Selection(Text(label), label, label not in self.hidden)
                    for label in self.column_labels
                ]
            )
            yield Static(Text("space or enter: show / hide · esc: done", style="dim"))

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_down(self) -> None:
        self.query_one(SelectionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(SelectionList).action_cursor_up()

    def action_done(self) -> None:
        shown = set(self.query_one(SelectionList).selected)
        self.dismiss(frozenset(c for c in self.column_labels if c not in shown))
