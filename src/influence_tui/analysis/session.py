"""Opening a database for viewing: the session (as-of date and rollups), the view settings, what
tells a poll that the data changed, and the few lists the pickers show. The explorer, the report
and the command line open databases here; the tui imports this module, never the store
(DESIGN.md §1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlite_utils

from influence_tui.analysis.view import ViewSettings
from influence_tui.config.settings import DEFAULT_SETTINGS, Settings
from influence_tui.store import lookups
from influence_tui.store.connection import DatabaseLocked, StoreError, file_fingerprint
from influence_tui.store.decisions import change_token
from influence_tui.store.session import Session

__all__ = [
    "DatabaseLocked",
    "Session",
    "StoreError",
    "campaigns",
    "open_view",
    "platform_names",
    "version_token",
    "view_settings",
]


def view_settings(
    session: Session,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    tier_scheme: str | None = None,
    campaign: str | None = None,
) -> ViewSettings:
    """What the views start with: the session's as-of and rules, the settings' risk thresholds,
    and the tier scheme (`tier_scheme`, else the settings') and campaign asked for."""
    scheme = tier_scheme or settings.tier_scheme
    session.rules.scheme(scheme)  # an unknown name is an error here, not in the first view
    view = ViewSettings(
        as_of=session.as_of, tier_scheme=scheme, rules=session.rules, risk=settings.risk
    )
    if campaign:
        found = lookups.campaign_named(session.db, campaign)
        if found is None:
            names = ", ".join(c["name"] for c in lookups.campaigns(session.db)) or "none yet"
            raise StoreError(f"no campaign named {campaign!r} (campaigns: {names})")
        view = view.with_campaign(found["id"], found["name"])
    return view


def open_view(
    path: str | Path,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    read_only: bool = False,
    as_of: dt.date | None = None,
    tier_scheme: str | None = None,
    campaign: str | None = None,
    today: dt.date | None = None,
) -> tuple[Session, ViewSettings]:
    session = Session.open(
        path, read_only=read_only, as_of=as_of, today=today, rules=settings.rules
    )
    try:
        view = view_settings(session, settings=settings, tier_scheme=tier_scheme, campaign=campaign)
        return session, view
    except BaseException:
        session.close()
        raise


def version_token(session: Session, path: Path) -> object:
    """What changes when another connection commits: the file's fingerprint for an immutable
    snapshot (it does not see other connections), PRAGMA data_version otherwise."""
    if session.snapshot:
        return file_fingerprint(path)
    return change_token(session.db)


def campaigns(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every campaign (id, name, brand, dates, budget), by name."""
    return lookups.campaigns(db)


def platform_names(db: sqlite_utils.Database) -> list[str]:
    return lookups.platform_names(db)
