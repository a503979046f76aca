"""Noticing another session's work: what a poll of the database thread compares (which file the
path names, the data's version, the as-of date last shown) and what it reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from influence_tui.analysis.session import Session, StoreError, version_token


def file_identity(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        raise StoreError(
            f"{path}: the database file is gone; the data shown may be stale"
        ) from None
    return stat.st_dev, stat.st_ino


@dataclass(frozen=True)
class Change:
    """What a poll found: "changed" (another connection committed, or this session's own write
    moved the data's date) or "replaced" (the path is another file now), and the as-of date in
    force afterwards."""

    kind: Literal["changed", "replaced"]
    as_of: dt.date | None


class ChangeWatch:
    """What the last poll saw of one open session. Used on the database thread only."""

    def __init__(self, session: Session, path: Path) -> None:
        self.path = path
        self.identity = file_identity(path)
        self.version = version_token(session, path)
        self.as_of = session.as_of

    def poll(self, session: Session, reopen: Callable[[], Session]) -> Change | None:
        """None when nothing changed since the last poll. `reopen` opens the session again (with
        a new watch): for a replaced file, and for an immutable snapshot, which does not see
        other connections' commits."""
        if file_identity(self.path) != self.identity:
            return Change("replaced", reopen().as_of)
        version = version_token(session, self.path)
        if version == self.version:
            if session.as_of == self.as_of:
                return None
            # this session's own write (a spend entry, an import) moved the data's date
            self.as_of = session.as_of
            return Change("changed", session.as_of)
        self.version = version
        if session.snapshot:
            return Change("changed", reopen().as_of)
        session.refresh()
        self.as_of = session.as_of
        return Change("changed", session.as_of)
