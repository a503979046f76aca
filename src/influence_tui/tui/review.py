"""Triage keys (keep / watch / drop / unreviewed, note, next unreviewed) shared by the explorer
and the detail screen, and the note editor. Writes run in thread workers and wait out another
writer (DatabaseLocked) instead of failing."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from influence_tui.analysis.roster import RosterRow
from influence_tui.analysis.session import DatabaseLocked
from influence_tui.analysis.triage import decide
from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.triage import NOTE_LIMIT
from influence_tui.tui.choice import ChoiceScreen, campaign_options, campaign_picked
from influence_tui.tui.messages import Lookups, Notice, ReviewStored
from influence_tui.tui.node import ExplorerNode
from influence_tui.tui.text import safe
from influence_tui.tui.workers import database_work

WAIT_FOR_WRITER_SECONDS = 120

TRIAGE_BINDINGS = [
    Binding(
        "K",
        "decide('keep')",
        "Keep",
        id="triage.keep",
        tooltip="review the highlighted influencer: keep",
    ),
    Binding(
        "W",
        "decide('watch')",
        "Watch",
        id="triage.watch",
        tooltip="review the highlighted influencer: watch",
    ),
    Binding(
        "D",
        "decide('drop')",
        "Drop",
        id="triage.drop",
        tooltip="review the highlighted influencer: drop",
    ),
    Binding(
        "U",
        "decide('unreviewed')",
        "Unreviewed",
        show=False,
        id="triage.unreviewed",
        tooltip="review the highlighted influencer: back to unreviewed",
    ),
    Binding("e", "edit_note", "Note", id="triage.note", tooltip="edit the review note"),
]


class NoteScreen(ExplorerNode, ModalScreen[str | None]):
    """Edit the review note of one influencer: enter saves, esc cancels."""

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel", id="note.cancel", tooltip="close without saving")
    ]

    def __init__(self, handle: str, campaign: str, note: str) -> None:
        super().__init__()
        self.handle = handle
        self.campaign = campaign
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Label(Text(f"Note on {safe(self.handle, 40)} · {safe(self.campaign, 30)}"))
            yield Input(
                value=self.note,
                placeholder="why keep, watch or drop… (enter saves, esc cancels)",
                max_length=NOTE_LIMIT,
                id="note-input",
            )
            yield Static(
                Text("enter saves · esc cancels · an empty note removes it", style="dim"),
                id="note-error",
            )

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = self.explorer.blink
        field.focus()

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewKeys(ExplorerNode, Screen[None]):
    """A screen that shows one current influencer: the triage actions on it."""

    def review_target(self) -> RosterRow | None:
        raise NotImplementedError

    def reviewed(self, row: RosterRow, result: dict[str, Any]) -> None:
        """Called on the UI thread after a decision or note made on this screen was stored (the
        app has shown it in the roster already)."""

    def review_moved_on(self, row: RosterRow) -> None:
        """Called at once after a decision key, before the write finishes (move to the next)."""

    # --- actions ---------------------------------------------------------------------------------
    def action_decide(self, decision: str) -> None:
        row = self._writable_target()
        if row is None:
            return
        self.with_campaign(lambda: self._store(row, decision=decision))
        if self.explorer.settings.campaign_id is not None:
            self.review_moved_on(row)

    def action_edit_note(self) -> None:
        row = self._writable_target()
        if row is None:
            return

        def edit() -> None:
            note = row.note or ""
            screen = NoteScreen(row.handle, self.explorer.settings.campaign_name or "", note)

            def save(text: str | None) -> None:
                if text is not None:
                    self._store(row, note=text)

            self.app.push_screen(screen, save)

        self.with_campaign(edit)

    def _writable_target(self) -> RosterRow | None:
        if self.explorer.read_only:
            self.app.notify("read-only: this session cannot record decisions", severity="warning")
            return None
        row = self.review_target()
        if row is None:
            self.app.notify("no influencer is highlighted", severity="warning")
        return row

    def with_campaign(self, then: Callable[[], object]) -> None:
        """Run `then` once a campaign is chosen, asking for one if there is none."""
        if self.explorer.settings.campaign_id is not None:
            then()
            return
        self.explorer.with_lookups(lambda lookups: self._ask_for_campaign(lookups, then))

    def _ask_for_campaign(self, lookups: Lookups, then: Callable[[], object]) -> None:
        campaigns = lookups.campaigns
        if not campaigns:
            self.app.notify(
                "decisions belong to a campaign and there are none; import campaigns first",
                severity="warning",
            )
            return
        options = campaign_options(campaigns)

        def chosen(value: str | None) -> None:
            match = campaign_picked(campaigns, value)
            if match is None:
                return
            self.explorer.set_campaign(match["id"], match["name"])
            then()

        self.app.push_screen(
            ChoiceScreen("Decisions belong to a campaign: which?", options), chosen
        )

    def _store(
        self, row: RosterRow, *, decision: str | None = None, note: str | None = None
    ) -> None:
        app = self.explorer
        self._write(app.settings, app.reviewer, row, decision, note)

    @database_work(group="review")
    def _write(
        self,
        settings: ViewSettings,
        reviewer: str,
        row: RosterRow,
        decision: str | None,
        note: str | None,
    ) -> None:
        app = self.explorer
        waited_since: float | None = None
        while True:
            try:
                result = app.database.call_session(
                    decide, settings, row.influencer_id, reviewer, decision=decision, note=note
                )
                break
            except DatabaseLocked as exc:
                if waited_since is None:
                    waited_since = time.monotonic()
                    app.post_message(Notice("another session is writing; your change will follow"))
                elif time.monotonic() - waited_since > WAIT_FOR_WRITER_SECONDS:
                    app.post_message(Notice(f"not recorded: {exc}", "error"))
                    return
                time.sleep(0.5)
            except ValueError as exc:  # refused for what it says (not in the campaign, …)
                app.post_message(Notice(str(exc), "warning"))
                return
        updated = replace(row, decision=result["decision"], note=result["note"] or None)
        # to the app, not this screen: the roster shows it even if this screen has closed
        app.post_message(ReviewStored(self, updated, result))
