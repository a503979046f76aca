"""One database thread: every query of the explorer runs there, on that thread's own connection,
called from thread workers so the UI never waits on SQLite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from influence_tui.store.connection import StoreError, file_fingerprint, open_database
from influence_tui.store.decisions import change_token
from influence_tui.store.rollups import (
    ensure_rollups,
    has_private_rollups,
    refresh_rollups,
    rollup_generation,
)

T = TypeVar("T")


def notify_from_worker(app, message: object, severity: str = "information") -> None:
    """A notification from a thread worker; the message is shown as plain text, never markup."""
    app.call_from_thread(app.notify, str(message), severity=severity, markup=False)


def file_identity(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        raise StoreError(
            f"{path}: the database file is gone; the data shown may be stale"
        ) from None
    return stat.st_dev, stat.st_ino


class DatabaseThread:
    def __init__(self, path: Path, *, read_only: bool, as_of: dt.date | None) -> None:
        self.path = path
        self.read_only = read_only
        self.as_of = as_of
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="influence-db")
        self._db: sqlite_utils.Database | None = None

    def _connection(self) -> sqlite_utils.Database:
        if self._db is None:
            self._db = open_database(self.path, read_only=self.read_only)
            ensure_rollups(self._db, self.as_of, read_only=self.read_only)
            self._identity = file_identity(self.path)
            self._version = self._token(self._db)
            self._generation = rollup_generation(self._db)
        return self._db

    def _reopen(self) -> sqlite_utils.Database:
        if self._db is not None:
            self._db.conn.close()
            self._db = None
        return self._connection()

    def _token(self, db: sqlite_utils.Database):
        if getattr(db, "snapshot", False):
            return file_fingerprint(self.path)
        return change_token(db)

    def poll(self) -> str | None:
        """None when nothing changed since the last poll; "changed" when another connection
        committed; "replaced" when the file at the path is a different file now."""
        return self._executor.submit(self._poll).result()

    def _poll(self) -> str | None:
        db = self._connection()
        if file_identity(self.path) != self._identity:
            self._reopen()
            return "replaced"
        version = self._token(db)
        if version == self._version:
            return None
        self._version = version
        if getattr(db, "snapshot", False):  # an immutable snapshot does not see changes
            db = self._reopen()
        generation = rollup_generation(db)
        if generation != self._generation and has_private_rollups(db):
            # the data changed under this session's own as-of: rebuild its private rollups
            refresh_rollups(db, self.as_of, temporary=True)
        self._generation = generation
        return "changed"

    def call(self, function: Callable[..., T], *args, **kwargs) -> T:
        """Run function(db, *args) on the database thread and wait for its result."""
        future = self._executor.submit(lambda: function(self._connection(), *args, **kwargs))
        return future.result()

    def close(self) -> None:
        def _close() -> None:
            if self._db is not None:
                self._db.conn.close()
                self._db = None

        self._executor.submit(_close).result()
        self._executor.shutdown(wait=True)
