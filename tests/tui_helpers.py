from __future__ import annotations

import datetime as dt
from pathlib import Path

from influence_tui.session import open_view
from influence_tui.tui.app import ExplorerApp

AS_OF = dt.date(2026, 11, 1)


def make_app(path: Path, *, read_only: bool = False) -> ExplorerApp:
    db, settings = open_view(path, read_only=read_only, as_of=AS_OF)
    db.conn.close()
    app = ExplorerApp(path, settings, read_only=read_only, blink=False)
    app.animation_level = "none"
    return app


async def settle(pilot) -> None:
    """Let every worker finish and the screen repaint."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
