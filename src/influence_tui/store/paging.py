"""Keyset paging over one table: a window of rows before or after a cursor, in a sort order that
puts unknown (NULL) values last in both directions. Each phase is a range scan of one index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils


@dataclass(frozen=True)
class Sort:
    column: str
    descending: bool = False


@dataclass(frozen=True)
class Cursor:
    """Position of a row in a sort: its sort value (None = among the unknowns) and its key."""

    value: Any
    key: int


@dataclass(frozen=True)
class WindowQuery:
    """SELECT {columns} FROM {source} WHERE {where} — `source` may join; `key` is the unique
    integer key and `sort.column` a column of the driving table (both fully qualified)."""

    source: str
    columns: str
    key: str
    where: tuple[str, ...] = ()
    params: tuple[Any, ...] = ()


def _select(
    db: sqlite_utils.Database,
    query: WindowQuery,
    extra: list[str],
    params: list[Any],
    order: str,
    limit: int,
    into: list[dict[str, Any]],
) -> None:
    """Appends the rows to `into` as SQLite finds them (an interrupted query keeps its rows)."""
    where = " AND ".join([*query.where, *extra]) or "1"
    sql = f"SELECT {query.columns} FROM {query.source} WHERE {where} ORDER BY {order} LIMIT ?"
    cursor = db.execute(sql, [*query.params, *params, limit])
    names = [d[0] for d in cursor.description]
    while batch := cursor.fetchmany(50):
        into.extend(dict(zip(names, row, strict=True)) for row in batch)


def fetch_after(
    db: sqlite_utils.Database,
    query: WindowQuery,
    sort: Sort,
    after: Cursor | None,
    limit: int,
    into: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Up to `limit` rows that follow `after` (from the start when None), in display order.
    With `into`, the rows are appended to it as they are found: if the query is interrupted,
    it holds the first rows (in display order) found until then."""
    col, key = sort.column, query.key
    direction = "DESC" if sort.descending else "ASC"
    compare = "<" if sort.descending else ">"
    rows: list[dict[str, Any]] = [] if into is None else into
    if after is None or after.value is not None:
        extra = [f"{col} IS NOT NULL"]
        params: list[Any] = []
        if after is not None:
            extra.append(f"({col}, {key}) {compare} (?, ?)")
            params = [after.value, after.key]
        _select(db, query, extra, params, f"{col} {direction}, {key} {direction}", limit, rows)
    if len(rows) < limit:
        extra = [f"{col} IS NULL"]
        params = []
        if after is not None and after.value is None:
            extra.append(f"{key} > ?")
            params = [after.key]
        _select(db, query, extra, params, f"{key} ASC", limit - len(rows), rows)
    return rows


def fetch_before(
    db: sqlite_utils.Database,
    query: WindowQuery,
    sort: Sort,
    before: Cursor | None,
    limit: int,
    into: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Up to `limit` rows that precede `before` (the last rows when None), in display order.
    With `into`, as fetch_after: if interrupted, it holds the rows found until then (the ones
    nearest `before`), in display order."""
    col, key = sort.column, query.key
    reverse = "ASC" if sort.descending else "DESC"
    compare = ">" if sort.descending else "<"
    rows: list[dict[str, Any]] = [] if into is None else into
    try:
        if before is None or before.value is None:
            extra = [f"{col} IS NULL"]
            params: list[Any] = []
            if before is not None:
                extra.append(f"{key} < ?")
                params = [before.key]
            _select(db, query, extra, params, f"{key} DESC", limit, rows)
        if len(rows) < limit:
            extra = [f"{col} IS NOT NULL"]
            params = []
            if before is not None and before.value is not None:
                extra.append(f"({col}, {key}) {compare} (?, ?)")
                params = [before.value, before.key]
            order = f"{col} {reverse}, {key} {reverse}"
            _select(db, query, extra, params, order, limit - len(rows), rows)
    finally:
        rows.reverse()
    return rows


def count(db: sqlite_utils.Database, query: WindowQuery) -> int:
    where = " AND ".join(query.where) or "1"
    return int(
        db.execute(
            f"SELECT count(*) FROM {query.source} WHERE {where}", list(query.params)
        ).fetchone()[0]
    )


def count_capped(
    db: sqlite_utils.Database, query: WindowQuery, cap: int, counted: list[int] | None = None
) -> tuple[int, bool]:
    """(count, True when there are more than `cap`): stops reading after `cap` + 1 rows. With
    `counted`, its first item counts the rows as they are found (if the query is interrupted,
    at least that many match)."""
    where = " AND ".join(query.where) or "1"
    cursor = db.execute(
        f"SELECT 1 FROM {query.source} WHERE {where} LIMIT ?", [*query.params, cap + 1]
    )
    counted = [0] if counted is None else counted
    while batch := cursor.fetchmany(500):
        counted[0] += len(batch)
    return min(counted[0], cap), counted[0] > cap


def cursor_of(row: dict[str, Any], sort: Sort, key_name: str) -> Cursor:
    return Cursor(row[sort.column.rsplit(".", 1)[-1]], row[key_name])
