"""The explorer's way to its database: opening the session, the error it raises, what tells a
poll that the data changed, and the few lists the pickers show. The tui imports this module, never
the store (DESIGN.md §1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlite_utils

from influence_tui.store import queries
from influence_tui.store.connection import StoreError, file_fingerprint
from influence_tui.store.decisions import change_token
from influence_tui.store.session import Session

__all__ = [
    "Session",
    "StoreError",
    "campaigns",
    "platform_names",
    "version_token",
]


def version_token(session: Session, path: Path) -> object:
    """What changes when another connection commits: the file's fingerprint for an immutable
    snapshot (it does not see other connections), PRAGMA data_version otherwise."""
    if session.snapshot:
        return file_fingerprint(path)
    return change_token(session.db)


def campaigns(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every campaign (id, name, brand, dates, budget), by name."""
    return queries.campaigns(db)


def platform_names(db: sqlite_utils.Database) -> list[str]:
    return queries.platform_names(db)
