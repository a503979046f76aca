"""Small lists and lookups: platforms, campaigns by name, table sizes."""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlite_utils

from influence_tui.domain.identity import name_key


def dict_rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def platform_names(db: sqlite_utils.Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT name FROM platforms ORDER BY name")]


def campaigns(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return dict_rows(
        db.execute(
            "SELECT id, name, brand, start_date, end_date, budget FROM campaigns ORDER BY name"
        )
    )


def campaign_named(db: sqlite_utils.Database, name: str) -> dict[str, Any] | None:
    """The campaign whose name is `name` in any case or form (the identity rule for names)."""
    wanted = name_key(name)
    for row in campaigns(db):
        if name_key(row["name"]) == wanted:
            return row
    return None


def table_counts(db: sqlite_utils.Database, tables: tuple[str, ...]) -> dict[str, int]:
    known = {"influencers", "posts", "spend", "signals", "campaigns"}
    return {
        table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in tables
        if table in known
    }
