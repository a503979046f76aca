"""The column chooser: which columns a table shows (the first one always does)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static


def _prompt(label: str, shown: bool) -> Text:
    """`[x] ER` or `[ ] ER`: readable without colour."""
    return Text(f"[{'x' if shown else ' '}] {label}")


class ColumnsScreen(ModalScreen[frozenset[str] | None]):
    """The table's columns, each shown `[x]` or hidden `[ ]`: space or enter toggles the
    highlighted one, esc closes and applies; the answer is the columns to hide."""

    BINDINGS: ClassVar = [
        Binding(
            "escape,q,o", "done", "Done", id="columns.done", tooltip="close, with these columns"
        ),
        Binding("space", "toggle_column", "Show/hide", id="columns.toggle", tooltip="show or hide"),
        Binding("j", "down", "Down", show=False, id="columns.down", tooltip="move down"),
        Binding("k", "up", "Up", show=False, id="columns.up", tooltip="move up"),
    ]

    def __init__(self, noun: str, columns: list[str], hidden: frozenset[str]) -> None:
        super().__init__()
        self.noun = noun
        self.column_labels = columns
        self.hidden = set(hidden)

    def compose(self) -> ComposeResult:
        with Vertical(id="columns-box"):
            yield Label(Text(f"Columns of the {self.noun} (the first always shows)"))
            yield OptionList(
                *[_prompt(label, label not in self.hidden) for label in self.column_labels]
            )
            yield Static(Text("space or enter: show / hide · esc: done", style="dim"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_toggle_column(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self._toggle(index)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._toggle(event.option_index)

    def _toggle(self, index: int) -> None:
        label = self.column_labels[index]
        self.hidden.symmetric_difference_update({label})
        options = self.query_one(OptionList)
        options.replace_option_prompt_at_index(index, _prompt(label, label not in self.hidden))

    def action_done(self) -> None:
        self.dismiss(frozenset(c for c in self.column_labels if c in self.hidden))
