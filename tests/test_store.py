import sqlite3
import threading

import pytest

from influence_tui.store.connection import StoreError, open_database
from influence_tui.store.paging import (
    Cursor,
    Sort,
    WindowQuery,
    cursor_of,
    fetch_after,
    fetch_before,
)
from influence_tui.store.schema import SCHEMA_VERSION
from influence_tui.store.transaction import write_transaction


@pytest.fixture
def numbers_db(tmp_path):
    db = open_database(tmp_path / "n.db")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v REAL)")
    db.execute("CREATE INDEX t_v ON t(v)")
    values = [None if i % 7 == 0 else (i * 37) % 23 for i in range(1, 101)]
    db.conn.executemany("INSERT INTO t (id, v) VALUES (?, ?)", list(enumerate(values, start=1)))
    return db


def _expected(db, descending):
    rows = db.execute("SELECT id, v FROM t").fetchall()
    known = sorted(
        (r for r in rows if r[1] is not None), key=lambda r: (r[1], r[0]), reverse=descending
    )
    unknown = sorted(r for r in rows if r[1] is None)
    return [r[0] for r in known + unknown]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("page", [1, 7, 30, 200])
def test_keyset_pages_walk_the_whole_order_both_ways_with_unknowns_last(
    numbers_db, descending, page
):
    query = WindowQuery("t", "id, v", "id")
    sort = Sort("v", descending)
    forward, cursor = [], None
    while True:
        rows = fetch_after(numbers_db, query, sort, cursor, page)
        forward += [r["id"] for r in rows]
        if len(rows) < page:
            break
        cursor = cursor_of(rows[-1], sort, "id")
    assert forward == _expected(numbers_db, descending)
    backward: list[int] = []
    cursor = None
    while True:
        rows = fetch_before(numbers_db, query, sort, cursor, page)
        backward = [r["id"] for r in rows] + backward
        if len(rows) < page:
            break
        cursor = cursor_of(rows[0], sort, "id")
    assert backward == forward


def test_sort_index_is_used_not_a_scan(numbers_db):
    plan = numbers_db.execute(
        "EXPLAIN QUERY PLAN SELECT id, v FROM t WHERE v IS NOT NULL AND (v, id) > (?, ?) ORDER BY v, id LIMIT 5",
        [3, 10],
    ).fetchall()
    assert any(
        "USING INDEX t_v" in row[-1] or "USING COVERING INDEX t_v" in row[-1] for row in plan
    )


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "x.db"
    path.write_bytes(b"hello, I am a text file" * 100)
    with pytest.raises(StoreError, match="not an influence-tui database"):
        open_database(path)


def test_another_sqlite_database_is_refused_unchanged(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stuff (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not an influence-tui database"):
        open_database(path)
    assert sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall() == [
        ("stuff",)
    ]


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    open_database(path).conn.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer influence-tui"):
        open_database(path)


def test_missing_folder_and_missing_read_only_file(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_database(tmp_path / "nope" / "x.db")
    with pytest.raises(StoreError, match="no such database"):
        open_database(tmp_path / "x.db", read_only=True)


def test_locked_database_is_explained_and_nothing_changes(tmp_path, monkeypatch):
    monkeypatch.setattr("influence_tui.store.connection.BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "l.db"
    open_database(path).conn.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    db = open_database(path)
    with pytest.raises(StoreError, match="locked"), write_transaction(db, str(path)):
        pass
    holder.execute("ROLLBACK")


def test_a_locked_database_is_its_own_error_type(tmp_path, monkeypatch):
    """Callers that wait out another writer decide by the type, not by the message's words."""
    from influence_tui.store.connection import DatabaseLocked

    monkeypatch.setattr("influence_tui.store.connection.BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "l.db"
    open_database(path).conn.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    db = open_database(path)
    with pytest.raises(DatabaseLocked), write_transaction(db, str(path)):
        pass
    holder.execute("ROLLBACK")
    with pytest.raises(StoreError) as raised, write_transaction(db, str(path)):
        raise sqlite3.OperationalError("disk I/O error")
    assert not isinstance(raised.value, DatabaseLocked)


def test_a_read_only_session_holds_its_snapshot_flag(demo_db):
    from influence_tui.store.session import Session

    session = Session.open(demo_db, read_only=True)
    assert session.snapshot is False  # a readable folder: a live read-only connection
    session.close()


def test_failed_write_rolls_back(tmp_path):
    db = open_database(tmp_path / "r.db")
    with pytest.raises(RuntimeError), write_transaction(db):
        db.execute("INSERT INTO platforms (name) VALUES ('tiktok')")
        raise RuntimeError("boom")
    assert db.execute("SELECT count(*) FROM platforms WHERE name='tiktok'").fetchone()[0] == 0


def test_connections_are_usable_per_thread(tmp_path):
    path = tmp_path / "t.db"
    open_database(path).conn.close()
    seen = []

    def worker():
        db = open_database(path, read_only=True)
        seen.append(db.execute("SELECT count(*) FROM platforms").fetchone()[0])

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == [3]


def test_cursor_type():
    assert Cursor(None, 3).value is None
