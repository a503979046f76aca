"""Opening a database for viewing: the session (as-of date and rollups) and the view settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.tiers import scheme_named
from influence_tui.store import queries
from influence_tui.store.connection import StoreError
from influence_tui.store.session import Session


def view_settings(
    session: Session, *, tier_scheme: str = "seed", campaign: str | None = None
) -> ViewSettings:
    scheme_named(tier_scheme)
    settings = ViewSettings(as_of=session.as_of, tier_scheme=tier_scheme)
    if campaign:
        found = queries.campaign_named(session.db, campaign)
        if found is None:
            names = ", ".join(c["name"] for c in queries.campaigns(session.db)) or "none yet"
            raise StoreError(f"no campaign named {campaign!r} (campaigns: {names})")
        settings = settings.with_campaign(found["id"], found["name"])
    return settings


def open_view(
    path: str | Path,
    *,
    read_only: bool = False,
    as_of: dt.date | None = None,
    tier_scheme: str = "seed",
    campaign: str | None = None,
    today: dt.date | None = None,
) -> tuple[Session, ViewSettings]:
    session = Session.open(path, read_only=read_only, as_of=as_of, today=today)
    try:
        return session, view_settings(session, tier_scheme=tier_scheme, campaign=campaign)
    except BaseException:
        session.close()
        raise
