"""The spend ledger (the Platforms pane's `L`): every spend entry, newest first, one page at a
time; `e` fixes the highlighted entry in the spend form, `x` deletes it after a yes. Each change
is audited and the platforms' numbers follow."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from influence_tui.analysis import spend as spend_analysis
from influence_tui.analysis.spend import SpendQuery, SpendRow
from influence_tui.report.numbers import UNKNOWN
from influence_tui.tui.confirm import ConfirmScreen
from influence_tui.tui.messages import Notice, SpendRecorded
from influence_tui.tui.node import ExplorerNode
from influence_tui.tui.paged_table import Column, TablePane
from influence_tui.tui.text import plain, right, safe
from influence_tui.tui.title import Part
from influence_tui.tui.workers import database_work, deliver


class SpendPane(TablePane):
    noun = "spend entries"
    all_columns: ClassVar[tuple[Column, ...]] = (
        Column("id", width=5),
        Column("date", "date", width=10),
        Column("platform", width=10),
        Column("amount", width=13),
        Column("campaign", width=12),
        Column("note", width=18),
    )

    def __init__(self, platform: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.platform = platform
        self.sort_key = "date"
        self.descending = True

    rows_after = staticmethod(spend_analysis.spend_after)
    rows_before = staticmethod(spend_analysis.spend_before)
    rows_count = staticmethod(spend_analysis.spend_count)
    row_cursor = staticmethod(spend_analysis.spend_cursor)

    def view_query(self) -> SpendQuery:
        return SpendQuery(platform=self.platform, descending=self.descending)

    def cells(self, row: SpendRow) -> list[Text]:
        return [
            right(str(row.spend_id)),
            plain(row.date),
            plain(row.platform),
            right(f"{row.amount:,.2f} {row.currency}"),
            plain(row.campaign or UNKNOWN, limit=40),
            plain(row.note or "", limit=80),
        ]

    def describe(self) -> list[Part]:
        scope = f"platform {self.platform}" if self.platform else "all platforms"
        return [Part(scope, rank=4, keep=True), Part("e fix · x delete", rank=1)]


class LedgerScreen(ExplorerNode, Screen[None]):
    BINDINGS: ClassVar = [
        Binding("escape,q", "app.pop_screen", "Back", id="ledger.back", tooltip="back"),
        Binding("e", "fix", "Fix", id="ledger.fix", tooltip="fix the highlighted spend entry"),
        Binding(
            "x,delete",
            "delete",
            "Delete",
            id="ledger.delete",
            tooltip="delete the highlighted spend entry (asks first)",
        ),
        Binding(
            "a",
            "all_platforms",
            "All/one platform",
            id="ledger.platforms",
            tooltip="every platform's entries, or back to the one the ledger opened on",
        ),
    ]

    def __init__(self, platform: str | None = None) -> None:
        super().__init__()
        self.platform = platform

    def compose(self) -> ComposeResult:
        yield SpendPane(self.platform, id="ledger")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def pane(self) -> SpendPane:
        return self.query_one(SpendPane)

    def on_mount(self) -> None:
        self.pane.table.focus()

    def _writable(self) -> bool:
        if self.explorer.read_only:
            self.app.notify("read-only: this session cannot change spend", severity="warning")
            return False
        return True

    def action_all_platforms(self) -> None:
        pane = self.pane
        pane.platform = None if pane.platform else self.platform
        pane.reload()

    def action_fix(self) -> None:
        row = self.pane.current_row
        if row is None or not self._writable():
            return
        from influence_tui.tui.spend_form import SpendForm

        self.app.push_screen(SpendForm(entry=row), self._changed)

    def action_delete(self) -> None:
        row = self.pane.current_row
        if row is None or not self._writable():
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(row.spend_id)

        self.app.push_screen(
            ConfirmScreen(f"Delete spend entry {safe(row.describe(), 120)}?"), answered
        )

    @database_work(exclusive=True, group="spend")
    def _delete(self, spend_id: int) -> None:
        explorer = self.explorer
        try:
            done = explorer.database.call_session(
                spend_analysis.delete_spend, spend_id, explorer.reviewer
            )
        except LookupError as exc:  # someone else deleted it first
            self.app.post_message(Notice(str(exc).strip("'\""), "warning"))
            deliver(self, SpendRecorded(""))
            return
        deliver(self, SpendRecorded(done))

    @on(SpendRecorded)
    def _deleted(self, message: SpendRecorded) -> None:
        self._changed(message.confirmation)

    def _changed(self, confirmation: str | None) -> None:
        """A fix or deletion was stored (or the entry had gone): show the ledger and every
        view behind it as they are now."""
        if confirmation is None:
            return
        if confirmation:
            self.app.notify(confirmation, markup=False)
        self.pane.refresh_rows()
        for screen in self.app.screen_stack:
            if screen is not self and hasattr(screen, "data_changed"):
                screen.data_changed()

    def data_changed(self) -> None:
        self.pane.refresh_rows()
