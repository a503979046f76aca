"""The one owner of a database's as-of date and rollups (DESIGN.md §1).

A session is opened once per process (the explorer opens it on its database thread). It knows the
as-of date in force and whether its rollups are the shared ones, kept at the data's own as-of for
everyone, or private ones in the temp schema (a session at another date, or one that cannot write).
Every write goes through `Session.write`, which keeps the shared rollups in step with the change
(and this session's private ones, if it has them), so no session changes what another sees except
by changing the data."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from sqlite3 import Cursor

import sqlite_utils

from influence_tui.store import rollups
from influence_tui.store.connection import StoreError, open_store
from influence_tui.store.rollups import Touched
from influence_tui.store.transaction import write_transaction


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class Session:
    def __init__(
        self,
        db: sqlite_utils.Database,
        path: Path,
        *,
        read_only: bool,
        as_of: dt.date | None,
        today: dt.date | None,
        snapshot: bool = False,
    ) -> None:
        self.db = db
        # the file is read as an immutable snapshot (a WAL database in a folder we can't write):
        # it does not see other connections' commits
        self.snapshot = snapshot
        self.path = path
        self.read_only = read_only
        self.requested_as_of = as_of
        self._today = today
        self.as_of: dt.date | None = None
        self.private = False
        self._generation = -1
        self._settle()

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        as_of: dt.date | None = None,
        today: dt.date | None = None,
    ) -> Session:
        """Open (creating and migrating when writable) the database, with rollups for the as-of
        date: `as_of`, else the latest date in the data capped at today."""
        path = Path(path)
        db, snapshot = open_store(path, read_only=read_only)
        try:
            return cls(db, path, read_only=read_only, as_of=as_of, today=today, snapshot=snapshot)
        except BaseException:
            db.conn.close()
            raise

    @property
    def today(self) -> dt.date:
        return self._today or rollups.today_anywhere()

    def execute(self, sql: str, params: Sequence[object] | dict[str, object] = ()) -> Cursor:
        """A read on the session's connection (scripts and tests; the app reads through
        analysis)."""
        return self.db.execute(sql, params)

    def close(self) -> None:
        self.db.conn.close()

    # --- rollups ------------------------------------------------------------------------------

    def data_as_of(self) -> dt.date | None:
        return rollups.data_as_of(self.db, self.today)

    def _settle(self) -> None:
        """Make the rollups this session reads match its as-of."""
        data = self.data_as_of()
        if not self.read_only and rollups.rollups_as_of(self.db, "main") != _text(data):
            with write_transaction(self.db, str(self.path)):
                data = self.data_as_of()  # again, now that no other writer can move it
                self._bring_shared_to(data, Touched())
        wanted = self.requested_as_of or data
        shared = rollups.rollups_as_of(self.db, "main")
        self.private = shared is None or shared != _text(wanted)
        if self.private:
            self._rebuild_private(wanted)
        self.as_of = wanted
        self._generation = rollups.rollup_generation(self.db)

    def _rebuild_private(self, as_of: dt.date | None) -> None:
        """This session's own rollups, built from one snapshot of the data: a commit by another
        process cannot land between their tables."""
        if self.db.conn.in_transaction:
            rollups.rebuild(self.db, as_of, schema="temp")
            return
        self.db.execute("BEGIN")
        try:
            rollups.rebuild(self.db, as_of, schema="temp")
        finally:
            self.db.execute("COMMIT")

    def _bring_shared_to(self, new: dt.date | None, touched: Touched) -> None:
        """Inside a write transaction: the shared rollups, at the data's as-of, after a change."""
        stored = rollups.rollups_as_of(self.db, "main")
        if stored is None:
            rollups.rebuild(self.db, new)
            return
        old = _date(stored)
        if old != new:
            touched.add(rollups.shift(self.db, old, new))
        rollups.update(self.db, new, touched)

    def refresh(self) -> bool:
        """Another connection committed: follow it. Returns whether the as-of in force moved."""
        before = self.as_of
        generation = rollups.rollup_generation(self.db)
        if generation == self._generation:
            return False
        self._generation = generation
        if self.private and self.requested_as_of is not None:
            # the data changed under this session's own date: build its rollups again
            self._rebuild_private(self.as_of)
            return False
        if self.private:  # read-only at the data's date: follow the data
            self.db.execute("DROP TABLE IF EXISTS temp.meta")
            for table in rollups.ROLLUP_TABLES:
                self.db.execute(f"DROP TABLE IF EXISTS temp.{table}")
        self._settle()
        return self.as_of != before

    # --- writes -------------------------------------------------------------------------------

    @contextmanager
    def write(self, label: str = "database", *, bulk: bool = False) -> Iterator[Touched]:
        """One all-or-nothing write. The caller records in the yielded `Touched` what it changed;
        the rollups follow before the commit."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; nothing was written")
        touched = Touched()
        with write_transaction(self.db, label, bulk=bulk):
            # another session may have written since this one last looked (before the poll
            # noticed): private rollups are then rebuilt rather than patched
            missed = rollups.rollup_generation(self.db) != self._generation
            yield touched
            if touched:
                self._apply(touched)
            if missed and self.private and self.requested_as_of is not None:
                rollups.rebuild(self.db, self.as_of, schema="temp")
            self._generation = rollups.rollup_generation(self.db)

    def _apply(self, touched: Touched) -> None:
        own = Touched()
        own.add(touched)
        new = self.data_as_of()
        self._bring_shared_to(new, touched)
        if self.private:
            rollups.update(self.db, self.as_of, own, schema="temp")
        elif self.requested_as_of is not None and self.requested_as_of != new:
            # this session looks at a date the data has just moved away from: it stays there,
            # with rollups of its own
            self.private = True
            rollups.rebuild(self.db, self.requested_as_of, schema="temp")
            self.as_of = self.requested_as_of
        else:
            self.as_of = new

    def rebuild(self) -> None:
        """Build every rollup again (after a bulk load, or to repair)."""
        with self.write("rollups") as touched:
            touched.everything = True


def _text(day: dt.date | None) -> str:
    return day.isoformat() if day else ""
