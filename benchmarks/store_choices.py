"""The measurements behind three choices of the store, on a generated database (one run each,
seconds; run it on an idle machine and read the ratios):

    python benchmarks/store_choices.py gen-….db [WORK_FOLDER]

1. New posts enter the word index: a trigger per row, against one statement per batch (what
   store/writes.py does).
2. A large load: inserting with the secondary indexes live, against dropping them and building
   them once at the end (store/writes.posts_load).
3. The full rollup rebuild's walk of every post by influencer: along posts_by_influencer,
   against a sort of one sequential scan (store/rollups.py, NOT INDEXED), with the file's pages
   dropped from SQLite's own cache (a fresh connection) as after a load."""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

TRIGGER = (
    "CREATE TEMP TRIGGER per_row AFTER INSERT ON posts BEGIN INSERT INTO posts_search "
    "(rowid, title, brand) VALUES (new.id, new.title, new.brand); END"
)
BATCH = 5000


def _posts(source: Path) -> tuple[list[str], list[tuple[object, ...]]]:
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    cursor = conn.execute("SELECT * FROM posts")
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    conn.close()
    return columns, rows


def _empty_copy(source: Path, target: Path) -> sqlite3.Connection:
    """The database without its posts (and word index), ready to load them again."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(source, target)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA cache_size = -262144")
    conn.execute("DELETE FROM posts")
    conn.execute("INSERT INTO posts_search (posts_search) VALUES ('delete-all')")
    return conn


def _load(conn: sqlite3.Connection, columns: list[str], rows: list[tuple[object, ...]],
          *, per_row_trigger: bool, rebuild_indexes: bool) -> float:  # fmt: skip
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'posts' "
        "AND sql IS NOT NULL"
    ).fetchall()
    insert = f"INSERT INTO posts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    started = time.perf_counter()
    conn.execute("BEGIN")
    if per_row_trigger:
        conn.execute(TRIGGER)
    if rebuild_indexes:
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
    for start in range(0, len(rows), BATCH):
        before = conn.execute("SELECT coalesce(max(id), 0) FROM posts").fetchone()[0]
        conn.executemany(insert, rows[start : start + BATCH])
        if not per_row_trigger:
            conn.execute(
                "INSERT INTO posts_search (rowid, title, brand) SELECT id, title, brand "
                "FROM posts WHERE id > ?",
                [before],
            )
    if rebuild_indexes:
        for _, sql in indexes:
            conn.execute(sql)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.execute("DROP TRIGGER IF EXISTS temp.per_row")
    return seconds


def _walk(path: Path, sql: str) -> float:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    started = time.perf_counter()
    for _ in conn.execute(sql):
        pass
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


def main() -> None:
    source = Path(sys.argv[1])
    work = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp())
    columns, rows = _posts(source)
    target = work / "choices.db"
    out: dict[str, float] = {"posts": len(rows)}
    for name, trigger, rebuild in (
        ("load, word index by a trigger per row", True, False),
        ("load, word index by a statement per batch", False, False),
        ("load, statement per batch, indexes built at the end", False, True),
    ):
        out[name] = _load(_empty_copy(source, target), columns, rows, per_row_trigger=trigger,
                          rebuild_indexes=rebuild)  # fmt: skip
    facts = "influencer_id, posted_at, views, likes, comments, cost, sponsored, brand"
    order = "ORDER BY influencer_id DESC, posted_at DESC, id DESC"
    out["rollup walk along posts_by_influencer"] = _walk(
        source, f"SELECT {facts} FROM posts INDEXED BY posts_by_influencer {order}"
    )
    out["rollup walk, sort of a sequential scan"] = _walk(
        source, f"SELECT {facts} FROM posts NOT INDEXED {order}"
    )
    for name, value in out.items():
        print(f"{name:55} {value:10.2f}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
