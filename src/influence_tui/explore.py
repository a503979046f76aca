"""Opening the explorer on a database."""

from __future__ import annotations

from pathlib import Path

from influence_tui.session import open_view


def explore(
    path: Path,
    *,
    read_only: bool = False,
    as_of=None,
    tier_scheme: str = "seed",
    campaign: str | None = None,
    reviewer: str | None = None,
) -> None:
    # Settle the as-of date, the rollups and the campaign before the screen opens, so a bad
    # database or campaign name is one line on stderr rather than a broken screen.
    db, settings = open_view(
        path, read_only=read_only, as_of=as_of, tier_scheme=tier_scheme, campaign=campaign
    )
    db.conn.close()
    from influence_tui.tui.app import ExplorerApp

    ExplorerApp(Path(path), settings, read_only=read_only, reviewer=reviewer).run()
