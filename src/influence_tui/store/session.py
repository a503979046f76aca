"""The one owner of a database's as-of date and rollups (DESIGN.md §1).

A session is opened once per process (the explorer opens it on its database thread). It knows the
as-of date in force and whether its rollups are the shared ones, kept at the data's own as-of for
everyone, or private ones in the temp schema (a session at another date, or one that cannot write).
Every write goes through `Session.write`, which keeps the shared rollups in step with the change
(and this session's private ones, if it has them), so no session changes what another sees except
by changing the data.

The rollups also depend on the rules (flag thresholds, tier schemes) in the settings. A writable
session that opens with other rules than the shared rollups were built with builds them again with
its own (the last to open wins, as with the data); a read-only one, or one that notices another
session's rules after it opened, keeps private rollups under its own rules."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from sqlite3 import Cursor

import sqlite_utils

from influence_tui.domain.rules import DEFAULT_RULES, RollupRules
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
        rules: RollupRules = DEFAULT_RULES,
        snapshot: bool = False,
    ) -> None:
        self.db = db
        self.rules = rules
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
        self._settle(adopt=True)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        as_of: dt.date | None = None,
        today: dt.date | None = None,
        rules: RollupRules = DEFAULT_RULES,
    ) -> Session:
        """Open (creating and migrating when writable) the database, with rollups for the as-of
        date: `as_of`, else the latest date in the data capped at today."""
        path = Path(path)
        db, snapshot = open_store(path, read_only=read_only)
        try:
            return cls(
                db,
                path,
                read_only=read_only,
                as_of=as_of,
                today=today,
                rules=rules,
                snapshot=snapshot,
            )
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

    def _settle(self, *, adopt: bool = False) -> None:
        """Make the rollups this session reads match its as-of and rules. `adopt`: on opening, a
        writable session brings the shared rollups to its own rules."""
        data = self.data_as_of()
        stale = rollups.rollups_as_of(self.db, "main") != _text(data)
        if not self.read_only and (stale or (adopt and not self._shared_rules_are_mine())):
            with write_transaction(self.db, str(self.path)):
                data = self.data_as_of()  # again, now that no other writer can move it
                self._bring_shared_to(data, Touched(), adopt=adopt)
        wanted = self.requested_as_of or data
        shared = rollups.rollups_as_of(self.db, "main")
        self.private = (
            shared is None or shared != _text(wanted) or not self._shared_rules_are_mine()
        )
        if self.private:
            self._rebuild_private(wanted)
        self.as_of = wanted
        self._generation = rollups.rollup_generation(self.db)

    def _rebuild_private(self, as_of: dt.date | None) -> None:
        """This session's own rollups, built from one snapshot of the data: a commit by another
        process cannot land between their tables."""
        if self.db.conn.in_transaction:
            rollups.rebuild(self.db, as_of, schema="temp", rules=self.rules)
            return
        self.db.execute("BEGIN")
        try:
            rollups.rebuild(self.db, as_of, schema="temp", rules=self.rules)
        finally:
            self.db.execute("COMMIT")

    def _shared_rules_are_mine(self) -> bool:
        return rollups.rollups_rules(self.db, "main") == self.rules

    def _bring_shared_to(
        self, new: dt.date | None, touched: Touched, *, adopt: bool = False
    ) -> None:
        """Inside a write transaction: the shared rollups, at the data's as-of, after a change,
        kept under the rules they were built with (this session's own when it `adopt`s them or
        builds them first)."""
        stored = rollups.rollups_as_of(self.db, "main")
        rules = rollups.rollups_rules(self.db, "main")
        if stored is None or (adopt and rules != self.rules):
            rollups.rebuild(self.db, new, rules=self.rules)
            return
        old = _date(stored)
        if old != new:
            touched.add(rollups.shift(self.db, old, new))
        rollups.update(self.db, new, touched, rules=rules)

    def refresh(self) -> bool:
        """Another connection committed: follow it. Returns whether the as-of in force moved."""
        before = self.as_of
        generation = rollups.rollup_generation(self.db)
        if generation == self._generation:
            return False
        self._generation = generation
        if self.private and self.requested_as_of is not None:
            # the data changed under this session's own date or rules: build its rollups again
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
            if missed and self.private:
                rollups.rebuild(self.db, self.as_of, schema="temp", rules=self.rules)
            self._generation = rollups.rollup_generation(self.db)

    def _apply(self, touched: Touched) -> None:
        own = Touched()
        own.add(touched)
        new = self.data_as_of()
        self._bring_shared_to(new, touched)
        wanted = self.requested_as_of or new
        if not self.private and wanted == new:
            self.as_of = new
        elif self.private and wanted == self.as_of:
            rollups.update(self.db, self.as_of, own, schema="temp", rules=self.rules)
        else:
            # this session looks at a date the data has just moved away from (it stays there), or
            # keeps its own rules and follows the data to a new date: rollups of its own
            self.private = True
            rollups.rebuild(self.db, wanted, schema="temp", rules=self.rules)
            self.as_of = wanted

    def rebuild(self) -> None:
        """Build every rollup again (after a bulk load, or to repair)."""
        with self.write("rollups") as touched:
            touched.everything = True


def _text(day: dt.date | None) -> str:
    return day.isoformat() if day else ""
