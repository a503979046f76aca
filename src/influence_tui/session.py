"""Opening a database for viewing: rollups for the as-of date, the view settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils

from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.tiers import scheme_named
from influence_tui.store import queries
from influence_tui.store.connection import StoreError, open_database
from influence_tui.store.rollups import ensure_rollups


def open_view(
    path: str | Path,
    *,
    read_only: bool = False,
    as_of: dt.date | None = None,
    tier_scheme: str = "seed",
    campaign: str | None = None,
) -> tuple[sqlite_utils.Database, ViewSettings]:
    scheme_named(tier_scheme)
    db = open_database(path, read_only=read_only)
    effective = ensure_rollups(db, as_of, read_only=read_only)
    settings = ViewSettings(as_of=effective, tier_scheme=tier_scheme)
    if campaign:
        found = queries.campaign_named(db, campaign)
        if found is None:
            names = ", ".join(c["name"] for c in queries.campaigns(db)) or "none yet"
            raise StoreError(f"no campaign named {campaign!r} (campaigns: {names})")
        settings = settings.with_campaign(found["id"], found["name"])
    return db, settings
