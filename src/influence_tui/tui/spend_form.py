"""The form that records a spend entry (the Platforms pane's `n`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from influence_tui.analysis.spend import record_spend
from influence_tui.domain.models import SpendEntry, friendly_error
from influence_tui.tui.messages import SpendRecorded, SpendRefused
from influence_tui.tui.node import ExplorerNode
from influence_tui.tui.workers import database_work, deliver


class SpendForm(ExplorerNode, ModalScreen[str | None]):
    """Record a spend entry; the domain model validates it and errors show inline."""

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel", id="spend.cancel", tooltip="close without saving"),
        Binding("ctrl+s", "save", "Save", id="spend.save", tooltip="save the entry"),
    ]
    FIELDS = (
        ("platform", "platform (instagram, youtube, …)"),
        ("date", "date YYYY-MM-DD"),
        ("amount", "amount"),
        ("campaign", "campaign (optional)"),
        ("note", "note (optional)"),
    )

    def __init__(self, platform: str = "", date: str = "") -> None:
        super().__init__()
        self.defaults = {"platform": platform, "date": date}

    def compose(self) -> ComposeResult:
        with Vertical(id="spend-box"):
            yield Label("New spend entry", id="spend-title")
            for name, placeholder in self.FIELDS:
                yield Input(
                    value=self.defaults.get(name, ""), placeholder=placeholder, id=f"spend-{name}"
                )
            yield Static("", id="spend-error", markup=False)
            with Horizontal(id="spend-buttons"):
                yield Button("Save", variant="primary", id="spend-save")
                yield Button("Cancel", id="spend-cancel")

    def on_mount(self) -> None:
        self.query_one(
            "#spend-amount" if self.defaults["platform"] else "#spend-platform", Input
        ).focus()

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#spend-{name}", Input).value for name, _ in self.FIELDS}

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#spend-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#spend-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        try:
            entry = SpendEntry.model_validate(self.values())
        except ValidationError as exc:
            self.show_error(friendly_error(exc))
            return
        self._write(entry)

    def show_error(self, message: str) -> None:
        self.query_one("#spend-error", Static).update(Text(message, style="bold red"))

    @database_work(exclusive=True, group="spend")
    def _write(self, entry: SpendEntry) -> None:
        """A refusal for what the entry says shows in the form; a database problem takes the
        workers' one path (a notification), and the form stays open for another try."""
        try:
            confirmation = self.explorer.database.call_session(record_spend, entry)
        except ValueError as exc:
            deliver(self, SpendRefused(friendly_error(exc)))
            return
        deliver(self, SpendRecorded(confirmation))

    @on(SpendRefused)
    def _refused(self, message: SpendRefused) -> None:
        self.show_error(message.reason)

    @on(SpendRecorded)
    def _recorded(self, message: SpendRecorded) -> None:
        self.dismiss(message.confirmation)
