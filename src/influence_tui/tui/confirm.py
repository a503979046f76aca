"""Ask a yes/no question before something that cannot be taken back (deleting a spend entry,
replacing a file)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label


class ConfirmScreen(ModalScreen[bool]):
    """`y` answers yes; `n` or esc no."""

    BINDINGS: ClassVar = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="yes, do it"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="no, leave it"),
    ]

    def __init__(self, question: str, details: Sequence[str] = ()) -> None:
        """`details`: lines under the question (whose decisions a change would replace)."""
        super().__init__()
        self.question = question
        self.details = list(details)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(Text(self.question), id="confirm-question")
            if self.details:
                yield Label(Text("\n".join(self.details)), id="confirm-details")
            yield Label(Text("y: yes   n or esc: no", style="bold"), id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
