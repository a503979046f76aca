from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.worker import WorkerCancelled

from influence_tui.analysis.session import open_view
from influence_tui.config.settings import DEFAULT_SETTINGS, Settings
from influence_tui.tui.app import ExplorerApp
from influence_tui.tui.launch import explorer_app

AS_OF = dt.date(2026, 11, 1)


def make_app(
    path: Path,
    *,
    read_only: bool = False,
    campaign: str | None = None,
    reviewer: str = "tester",
    poll_seconds: float | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> ExplorerApp:
    """The explorer at the fixed as-of date; polling for other sessions' changes is off unless
    a test asks for it, so pictures never depend on timing."""
    app = explorer_app(
        path,
        read_only=read_only,
        as_of=AS_OF,
        campaign=campaign,
        blink=False,
        reviewer=reviewer,
        poll_seconds=poll_seconds,
        settings=settings,
    )
    app.animation_level = "none"
    return app


async def settle(pilot) -> None:
    """Let every worker finish and the screen repaint. An exclusive worker that a newer one
    replaced ends cancelled, which is how the explorer drops a stale load: that is not a failure,
    and the newer worker is awaited in the next round."""
    for _ in range(3):
        await pilot.pause()
        for _attempt in range(10):
            try:
                await pilot.app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                await pilot.pause()  # the cancelled worker leaves the manager
    await pilot.pause()


CAMPAIGN = "Glow Summer"


def review_first_rows(path: Path) -> None:
    """Three decisions and a note in the demo's Glow Summer campaign, at fixed times, by two
    reviewers: the state the review pictures show."""
    from influence_tui.analysis.roster import RosterQuery, roster_after
    from influence_tui.analysis.triage import decide

    db_session, settings = open_view(path, as_of=AS_OF, campaign=CAMPAIGN)
    db = db_session.db
    rows = roster_after(db, RosterQuery(settings), None, 3)
    steps = [
        (rows[0], "alice", {"decision": "keep"}, "2026-11-02T09:00:00Z"),
        (rows[1], "bob", {"decision": "watch"}, "2026-11-02T09:05:00Z"),
        (rows[1], "alice", {"decision": "drop"}, "2026-11-02T09:07:00Z"),
        (rows[1], "alice", {"note": "21 brands in a year; hides #ad"}, "2026-11-02T09:08:00Z"),
        (rows[2], "bob", {"decision": "watch"}, "2026-11-02T09:10:00Z"),
    ]
    for row, reviewer, change, at in steps:
        decide(db_session, settings, row.influencer_id, reviewer, changed_at=at, **change)
    db_session.close()


async def press(pilot, *keys: str) -> None:
    """Press the keys, then wait until the explorer has loaded and painted what they asked for."""
    await pilot.press(*keys)
    await settle(pilot)
