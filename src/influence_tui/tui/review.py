"""Triage keys (keep / watch / drop / unreviewed, note, next unreviewed) shared by the explorer
and the detail screen, and the note editor. Writes run in thread workers and wait out another
writer (DatabaseLocked) instead of failing."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from influence_tui.analysis.roster import RosterRow
from influence_tui.analysis.session import DatabaseLocked
from influence_tui.analysis.triage import (
    Change,
    OthersDecisions,
    decide,
    decide_many,
    undo_changes,
)
from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.triage import NOTE_LIMIT
from influence_tui.tui.choice import ChoiceScreen, campaign_options, campaign_picked
from influence_tui.tui.confirm import ConfirmScreen
from influence_tui.tui.messages import (
    Lookups,
    Notice,
    ReplaceAsked,
    ReviewStored,
    UndoFailed,
    UndoStep,
)
from influence_tui.tui.node import ExplorerNode
from influence_tui.tui.text import safe
from influence_tui.tui.workers import database_work, deliver

T = TypeVar("T")

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
    Binding(
        "u",
        "undo",
        "Undo",
        show=False,
        id="triage.undo",
        tooltip="undo your last review change in this session (audited; again: the one before)",
    ),
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
        app has shown it in the roster already), once per row."""

    def review_moved_on(self, row: RosterRow) -> None:
        """Called at once after a decision key, before the write finishes (move to the next)."""

    def review_targets(self) -> list[RosterRow]:
        """The rows a decision key decides: the highlighted one (the roster: the marked ones)."""
        row = self.review_target()
        return [row] if row is not None else []

    # --- actions ---------------------------------------------------------------------------------
    def action_decide(self, decision: str) -> None:
        if self._refused():
            return
        rows = self.review_targets()
        if not rows:
            self.app.notify("no influencer is highlighted", severity="warning")
            return
        self.with_campaign(lambda: self._decide(rows, decision, replace_others=False))
        if self.explorer.settings.campaign_id is not None and len(rows) == 1:
            self.review_moved_on(rows[0])

    def action_edit_note(self) -> None:
        if self._refused():
            return
        row = self.review_target()
        if row is None:
            self.app.notify("no influencer is highlighted", severity="warning")
            return

        def edit() -> None:
            note = row.note or ""
            screen = NoteScreen(row.handle, self.explorer.settings.campaign_name or "", note)

            def save(text: str | None) -> None:
                if text is not None:
                    self._store_note(self.explorer.settings, self.explorer.reviewer, row, text)

            self.app.push_screen(screen, save)

        self.with_campaign(edit)

    def action_undo(self) -> None:
        if self._refused():
            return
        stack = self.explorer.undo_stack
        if not stack:
            self.app.notify("nothing to undo: no review change made in this session")
            return
        self._undo(stack.pop(), self.explorer.reviewer)

    def _refused(self) -> bool:
        if self.explorer.read_only:
            self.app.notify("read-only: this session cannot record decisions", severity="warning")
            return True
        return False

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

    # --- writes (thread workers) -----------------------------------------------------------------
    def _decide(self, rows: list[RosterRow], decision: str, replace_others: bool) -> None:
        app = self.explorer
        self._write_decision(app.settings, app.reviewer, rows, decision, replace_others)

    def _waiting_for_writer(self, write: Callable[[], T]) -> T | None:
        """Run the write, waiting out another writer (DatabaseLocked) for a while; None when it
        never got its turn (said in a notification)."""
        app = self.explorer
        waited_since: float | None = None
        while True:
            try:
                return write()
            except DatabaseLocked as exc:
                if waited_since is None:
                    waited_since = time.monotonic()
                    app.post_message(Notice("another session is writing; your change will follow"))
                elif time.monotonic() - waited_since > WAIT_FOR_WRITER_SECONDS:
                    app.post_message(Notice(f"not recorded: {exc}", "error"))
                    return None
                time.sleep(0.5)

    @database_work(group="review")
    def _write_decision(
        self,
        settings: ViewSettings,
        reviewer: str,
        rows: list[RosterRow],
        decision: str,
        replace_others: bool,
    ) -> None:
        app = self.explorer
        ids = [row.influencer_id for row in rows]
        try:
            done = self._waiting_for_writer(
                lambda: app.database.call_session(
                    decide_many,
                    settings,
                    ids,
                    reviewer,
                    decision=decision,
                    replace_others=replace_others,
                )  # fmt: skip
            )
        except OthersDecisions as exc:
            deliver(self, ReplaceAsked(rows, decision, exc.others))
            return
        except ValueError as exc:  # refused for what it says
            app.post_message(Notice(str(exc), "warning"))
            return
        if done is None:
            return
        results, outside = done
        if outside and len(rows) == 1:
            app.post_message(
                Notice(
                    f"this influencer has no posts in campaign {settings.campaign_name!r}; "
                    "nothing recorded",
                    "warning",
                )
            )
            return
        if outside:
            app.post_message(
                Notice(
                    f"{len(outside)} marked influencer(s) have no posts in this campaign; left out"
                )
            )
        self._stored(settings, rows, results)
        if len(rows) > 1:
            app.post_message(Notice(f"{decision}: {len(results)} influencers"))

    @database_work(group="review")
    def _store_note(self, settings: ViewSettings, reviewer: str, row: RosterRow, note: str) -> None:
        app = self.explorer
        try:
            result = self._waiting_for_writer(
                lambda: app.database.call_session(
                    decide, settings, row.influencer_id, reviewer, note=note
                )
            )
        except ValueError as exc:  # refused for what it says (not in the campaign, …)
            app.post_message(Notice(str(exc), "warning"))
            return
        if result is not None:
            self._stored(settings, [row], {row.influencer_id: result})

    def _stored(
        self, settings: ViewSettings, rows: list[RosterRow], results: dict[int, dict[str, Any]]
    ) -> None:
        """From the worker: show what was stored, and keep how to undo it."""
        shown = [
            _updated(row, results[row.influencer_id])
            for row in rows
            if row.influencer_id in results
        ]
        changes = tuple(
            Change.of(settings, i, result) for i, result in results.items() if result["changed"]
        )
        step = UndoStep(changes, {row.influencer_id: row for row in shown}) if changes else None
        # to the app, not this screen: the roster shows it even if this screen has closed
        self.explorer.post_message(ReviewStored(self, shown, results, step))

    @database_work(group="review")
    def _undo(self, step: UndoStep, reviewer: str) -> None:
        app = self.explorer
        done = self._waiting_for_writer(
            lambda: app.database.call_session(undo_changes, list(step.changes), reviewer)
        )
        if done is None:
            app.post_message(UndoFailed(step))
            return
        restored, left = done
        rows = [_updated(step.rows[i], result) for i, result in restored.items() if i in step.rows]
        app.post_message(ReviewStored(self, rows, restored))
        if left:
            who = ", ".join(sorted({by or "someone" for _, by in left}))
            app.post_message(
                Notice(f"{len(left)} change(s) not undone: changed since by {who}", "warning")
            )
        if restored:
            names = ", ".join(safe(step.rows[i].handle, 30) for i in list(restored)[:3])
            more = f" and {len(restored) - 3} more" if len(restored) > 3 else ""
            app.post_message(Notice(f"undone: {names}{more}"))

    # --- asking before replacing another reviewer's decision -------------------------------------
    @on(ReplaceAsked)
    def _ask_to_replace(self, message: ReplaceAsked) -> None:
        handles = {row.influencer_id: row.handle for row in message.rows}
        details = [
            f"{safe(handles.get(i, str(i)), 30)}: {decision} by {safe(by, 30)}"
            for i, decision, by in message.others[:8]
        ]
        if len(message.others) > 8:
            details.append(f"… and {len(message.others) - 8} more")
        question = (
            f"Replace {len(message.others)} decision(s) another reviewer made "
            f"with {message.decision}?"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._decide(message.rows, message.decision, replace_others=True)
            else:
                self.app.notify("nothing changed: their decisions stay")

        self.app.push_screen(ConfirmScreen(question, details), answered)


def _updated(row: RosterRow, result: dict[str, Any]) -> RosterRow:
    return replace(
        row,
        decision=result["decision"],
        note=result["note"] or None,
        reviewer=result.get("reviewer"),
    )
