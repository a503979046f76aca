"""The form that records a spend entry (the Platforms pane's `n`) or fixes one (the ledger's `e`)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from influence_tui.analysis.spend import (
    SpendInputError,
    SpendRow,
    fix_spend,
    parse_spend_form,
    record_spend,
)
from influence_tui.domain.models import SpendEntry
from influence_tui.tui.messages import SpendRecorded, SpendRefused
from influence_tui.tui.node import ExplorerNode
from influence_tui.tui.workers import database_work, deliver


class SpendForm(ExplorerNode, ModalScreen[str | None]):
    """Record a spend entry, or fix one (`entry`); each field keeps its label beside it, and what
    cannot be saved is one plain line under the fields."""

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel", id="spend.cancel", tooltip="close without saving"),
        Binding("ctrl+s", "save", "Save", id="spend.save", tooltip="save the entry"),
    ]
    # (field, label, placeholder)
    FIELDS = (
        ("platform", "platform", "instagram, youtube, …"),
        ("date", "date", "YYYY-MM-DD"),
        ("amount", "amount", "1200.50 or $1,200.50"),
        ("campaign", "campaign", "optional"),
        ("note", "note", "optional"),
    )

    def __init__(
        self, platform: str = "", date: str = "", *, entry: SpendRow | None = None
    ) -> None:
        super().__init__()
        self.entry = entry
        self.defaults = entry.form_values() if entry else {"platform": platform, "date": date}

    def compose(self) -> ComposeResult:
        title = f"Fix spend entry #{self.entry.spend_id}" if self.entry else "New spend entry"
        with Vertical(id="spend-box"):
            yield Label(title, id="spend-title")
            for name, label, placeholder in self.FIELDS:
                with Horizontal(classes="spend-row"):
                    yield Label(label, classes="spend-label")
                    yield Input(
                        value=self.defaults.get(name, ""),
                        placeholder=placeholder,
                        id=f"spend-{name}",
                    )
            yield Static("", id="spend-error", markup=False)
            with Horizontal(id="spend-buttons"):
                yield Button("Save", variant="primary", id="spend-save")
                yield Button("Cancel", id="spend-cancel")

    def on_mount(self) -> None:
        first = "#spend-amount" if self.defaults.get("platform") else "#spend-platform"
        self.query_one(first, Input).focus()

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#spend-{name}", Input).value for name, _, _ in self.FIELDS}

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
            entry = parse_spend_form(self.values())
        except SpendInputError as exc:
            self.show_error(str(exc))
            return
        self._write(entry)

    def show_error(self, message: str) -> None:
        self.query_one("#spend-error", Static).update(Text(message, style="bold red"))

    @database_work(exclusive=True, group="spend")
    def _write(self, entry: SpendEntry) -> None:
        """A refusal for what the entry says shows in the form; a database problem takes the
        workers' one path (a notification), and the form stays open for another try."""
        database, actor = self.explorer.database, self.explorer.reviewer
        try:
            if self.entry is None:
                confirmation = database.call_session(record_spend, entry, actor)
            else:
                confirmation = database.call_session(fix_spend, self.entry.spend_id, entry, actor)
        except (SpendInputError, LookupError) as exc:
            deliver(self, SpendRefused(str(exc).strip("'\"")))
            return
        except ValueError as exc:  # another entry has the same key
            deliver(self, SpendRefused(str(exc)))
            return
        deliver(self, SpendRecorded(confirmation))

    @on(SpendRefused)
    def _refused(self, message: SpendRefused) -> None:
        self.show_error(message.reason)

    @on(SpendRecorded)
    def _recorded(self, message: SpendRecorded) -> None:
        self.dismiss(message.confirmation)
