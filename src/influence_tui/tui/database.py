"""One database thread: every query of the explorer runs there, on that thread's own connection,
called from thread workers so the UI never waits on SQLite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from influence_tui.store.connection import open_database
from influence_tui.store.rollups import ensure_rollups

T = TypeVar("T")


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
        return self._db

    def call(self, function: Callable[..., T], *args, **kwargs) -> T:
        """Run function(db, *args) on the database thread and wait for its result."""
        future = self._executor.submit(lambda: function(self._connection(), *args, **kwargs))
        return future.result()

    def close(self) -> None:
        def _close(_db) -> None:
            if self._db is not None:
                self._db.conn.close()
                self._db = None

        self._executor.submit(_close, None).result()
        self._executor.shutdown(wait=True)
