"""Ask before doing something that undoes another person's work: y or enter goes ahead, n or esc
does nothing."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes", tooltip="yes, go ahead"),
        Binding("n,escape,q", "answer(False)", "No", id="confirm.no", tooltip="no, change nothing"),
    ]

    def __init__(self, question: str, details: list[str]) -> None:
        super().__init__()
        self.question = question
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Text(self.question, style="bold"), id="confirm-question")
            yield Static(Text("\n".join(self.details)), id="confirm-details")
            yield Static(Text("y: replace · n or esc: keep theirs", style="dim"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
