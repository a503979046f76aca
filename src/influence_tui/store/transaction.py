"""Explicit write transactions: all or nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

from influence_tui.store.connection import StoreError, explain_error

BULK_CACHE_KIB = 256 * 1024


@contextmanager
def write_transaction(
    db: sqlite_utils.Database, label: str = "database", *, bulk: bool = False
) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error so a failed write changes nothing.
    `bulk` raises the page cache so index updates of a large load stay in memory."""
    if bulk:
        db.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise explain_error(label, exc) from None
    try:
        yield
        db.execute("COMMIT")
    except BaseException as exc:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise explain_error(label, exc) from None
        raise


__all__ = ["StoreError", "write_transaction"]
