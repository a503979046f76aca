"""Opening a database: pragmas, migrations, and errors a person can read."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import sqlite_utils

from influence_tui.domain.metrics import median
from influence_tui.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """A database problem explained in one line."""


class DatabaseLocked(StoreError):
    """Another connection holds the write lock past the busy timeout: the same write may succeed
    once it lets go, so a caller may wait and try again."""


_BUSY_CODES = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED (sqlite3 names them from Python 3.11 on)


def _is_locked(exc: sqlite3.Error) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED, by the primary result code (the low byte of an extended
    code such as SQLITE_BUSY_SNAPSHOT)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _BUSY_CODES
    text = str(exc)  # Python 3.10, or an error raised without a result code
    return "locked" in text or "busy" in text


class _Median:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return median(self.values)


def _explain(path: Path, exc: sqlite3.Error) -> StoreError:
    if _is_locked(exc):
        return DatabaseLocked(
            f"{path}: the database is locked by another writer; try again shortly"
        )
    text = str(exc)
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return StoreError(f"{path}: not an influence-tui database (not SQLite, or corrupted)")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path}: the database is read-only here")
    if "unable to open" in text:
        return StoreError(f"{path}: cannot open the database (missing folder or no permission)")
    if "full" in text:
        return StoreError(f"{path}: the disk is full; nothing was written")
    return StoreError(f"{path}: {text}")


def explain_error(path: Path | str, exc: sqlite3.Error) -> StoreError:
    return _explain(Path(path), exc)


def _configure(conn: sqlite3.Connection, read_only: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32000")
    # typeshed wants an aggregate of ints; SQLite takes any value (REAL, NULL) from finalize
    conn.create_aggregate("median", 1, _Median)  # type: ignore[arg-type]


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer influence-tui (schema {version}; this version knows "
            f"{SCHEMA_VERSION}); upgrade influence-tui"
        )
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        if tables:
            raise StoreError(f"{path}: a SQLite file that is not an influence-tui database")
    if version == SCHEMA_VERSION:
        return
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        # another process may have migrated while this one waited for the write lock
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for step in MIGRATIONS[target]:
                if callable(step):
                    step(conn)
                    continue
                for statement in step.split(";\n"):
                    if statement.strip():
                        conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def open_database(
    path: str | os.PathLike[str], *, read_only: bool = False
) -> sqlite_utils.Database:
    """Open (creating and migrating when writable) the database at `path`."""
    return open_store(path, read_only=read_only)[0]


def open_store(
    path: str | os.PathLike[str], *, read_only: bool = False
) -> tuple[sqlite_utils.Database, bool]:
    """(database, is_snapshot): as open_database; `is_snapshot` is True when a read-only file is
    read as an immutable snapshot (see _connect_read_only), which does not see other
    connections' commits: the session that owns the database keeps the flag."""
    path = Path(path)
    if read_only or path.exists():
        if not path.exists():
            raise StoreError(f"{path}: no such database")
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a database")
        if not os.access(path, os.R_OK):
            raise StoreError(f"{path}: no permission to read the database")
    elif not path.parent.exists():
        raise StoreError(f"{path}: the folder {path.parent} does not exist")
    snapshot = False
    try:
        if read_only:
            conn, snapshot = _connect_read_only(path)
        else:
            conn = sqlite3.connect(path, check_same_thread=False)
            conn.isolation_level = None  # explicit transactions only
            _configure(conn, read_only)
        if read_only:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                conn.close()
                if version > SCHEMA_VERSION:
                    raise StoreError(
                        f"{path}: written by a newer influence-tui (schema {version}); upgrade"
                    )
                if version == 0:
                    raise StoreError(f"{path}: not an influence-tui database")
                raise StoreError(
                    f"{path}: made by an older influence-tui (schema {version}); open it once "
                    "without --read-only to upgrade it"
                )
        else:
            _migrate(conn, path)
    except sqlite3.Error as exc:
        raise _explain(path, exc) from None
    return sqlite_utils.Database(conn), snapshot


def _connect_read_only(path: Path) -> tuple[sqlite3.Connection, bool]:
    """(connection, is_snapshot). A WAL database can only be read where its -shm file exists or
    can be made; in a folder this user cannot write, with no writer connected, the file is read
    as an immutable snapshot instead, and `is_snapshot` tells the caller to watch the file."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
    conn.isolation_level = None
    try:
        _configure(conn, True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn, False
    except sqlite3.OperationalError as exc:
        conn.close()
        wal_missing = not Path(f"{path}-wal").exists()
        if not (wal_missing and not os.access(path.parent, os.W_OK)):
            raise
        if "readonly" not in str(exc) and "unable to open" not in str(exc):
            raise
    conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    conn.isolation_level = None
    _configure(conn, True)
    return conn, True


def file_fingerprint(path: Path) -> tuple[Any, ...]:
    """What changes when a writer touches the file or starts a write-ahead log."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size, Path(f"{path}-wal").exists()
