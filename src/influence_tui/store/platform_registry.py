"""The platform registry in the database: the platforms in use, the aliases their old names left,
and the two repairs, rename and merge. Both run inside the caller's write (`Session.write`), move
every row of every table that has a platform column, leave the old name as an alias, write the
audit log, and mark the rollups for a rebuild (a rename touches every rollup of that platform)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from influence_tui.domain.models import normalize_platform
from influence_tui.domain.platform_names import PlatformNames
from influence_tui.domain.posts import PostSource, derive, merge
from influence_tui.store.connection import StoreError
from influence_tui.store.identity import audit, merge_twins
from influence_tui.store.rollups import ROLLUP_TABLES, Touched
from influence_tui.store.writes import POST_COLUMNS, UPDATE_POST


def names(db: sqlite_utils.Database, new: Iterable[str] = ()) -> PlatformNames:
    """What the database knows: its platforms and aliases, and the names an import declares new."""
    in_use = [row[0] for row in db.execute("SELECT name FROM platforms")]
    aliases = dict(db.execute("SELECT alias, platform FROM platform_aliases").fetchall())
    return PlatformNames.of(in_use, aliases, new)


def listing(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every platform with its aliases and how much data is on it."""
    aliases: dict[str, list[str]] = {}
    for alias, platform in db.execute("SELECT alias, platform FROM platform_aliases ORDER BY 1"):
        aliases.setdefault(platform, []).append(alias)
    rows = []
    for (name,) in db.execute("SELECT name FROM platforms ORDER BY name").fetchall():
        counts = {
            table: db.execute(
                f"SELECT count(*) FROM {table} WHERE platform = ?", [name]
            ).fetchone()[0]
            for table in ("influencers", "posts", "spend", "signals")
        }
        rows.append({"platform": name, "aliases": aliases.get(name, []), **counts})
    return rows


def _exists(db: sqlite_utils.Database, name: str) -> bool:
    return db.execute("SELECT 1 FROM platforms WHERE name = ?", [name]).fetchone() is not None


def _platform_tables(db: sqlite_utils.Database) -> list[str]:
    """Every source table with a platform column (rollups are rebuilt, not moved)."""
    tables = []
    for (table,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
    ).fetchall():
        if table in ROLLUP_TABLES or table == "platforms":
            continue
        columns = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")')}
        if "platform" in columns:
            tables.append(table)
    return tables


def _checked(db: sqlite_utils.Database, name: str, role: str) -> str:
    try:
        clean = normalize_platform(name)
    except ValueError as exc:
        raise StoreError(f"{role} {name!r}: {exc}") from None
    if role != "new name" and not _exists(db, clean):
        hint = names(db).suggest(clean)
        suggestion = f" — did you mean {hint}?" if hint and _exists(db, hint) else ""
        raise StoreError(f"no platform {clean!r} in this database{suggestion}")
    return clean


def rename(db: sqlite_utils.Database, old: str, new: str, actor: str, touched: Touched) -> str:
    """Rename a platform; its old name becomes an alias. Returns a line saying what moved."""
    old = _checked(db, old, "platform")
    new = _checked(db, new, "new name")
    if old == new:
        raise StoreError(f"{old!r} is already called that")
    if _exists(db, new):
        raise StoreError(
            f"{new!r} is already a platform: use `platforms merge {old} {new}` to move {old}'s "
            "data onto it"
        )
    db.execute("INSERT INTO platforms (name) VALUES (?)", [new])
    moved = _move(db, old, new)
    _retire(db, old, new)
    audit(db.conn, actor, "rename platform", new, {"from": old, "to": new, "moved": moved})
    touched.everything = True
    return f"renamed {old} to {new}: {_describe(moved)}; '{old}' is now an alias of {new}"


def merge_into(
    db: sqlite_utils.Database, source: str, target: str, actor: str, touched: Touched
) -> str:
    """Move every row of `source` onto `target` (the same creator on both becomes one influencer,
    the same post one post, as an import would merge them); `source` becomes an alias."""
    source = _checked(db, source, "platform")
    target = _checked(db, target, "platform")
    if source == target:
        raise StoreError(f"cannot merge {source!r} into itself")
    _refuse_clashes(db, source, target)
    twins = _merge_influencers(db, source, target, actor)
    posts = _merge_posts(db, source, target, actor)
    moved = _move(db, source, target)
    moved["influencers merged"] = twins
    moved["posts merged"] = posts
    _retire(db, source, target)
    audit(db.conn, actor, "merge platform", target, {"from": source, "into": target, **moved})
    touched.everything = True
    return f"merged {source} into {target}: {_describe(moved)}; '{source}' is now an alias"


def _describe(moved: dict[str, int]) -> str:
    parts = [f"{count:,} {what}" for what, count in moved.items() if count]
    return ", ".join(parts) or "no rows"


def _move(db: sqlite_utils.Database, old: str, new: str) -> dict[str, int]:
    moved = {}
    for table in _platform_tables(db):
        if table == "platform_aliases":
            continue
        if table == "risk_verdicts":
            # one remembered verdict per platform: the target's stands, else the source's moves
            cursor = db.execute(
                "UPDATE OR IGNORE risk_verdicts SET platform = ? WHERE platform = ?", [new, old]
            )
            db.execute("DELETE FROM risk_verdicts WHERE platform = ?", [old])
            moved[table] = cursor.rowcount
            continue
        cursor = db.execute(f'UPDATE "{table}" SET platform = ? WHERE platform = ?', [new, old])
        moved[table] = cursor.rowcount
    return moved


def _retire(db: sqlite_utils.Database, old: str, new: str) -> None:
    """`old` leaves the platforms and stays as an alias of `new` (as do the aliases it had)."""
    db.execute("UPDATE platform_aliases SET platform = ? WHERE platform = ?", [new, old])
    db.execute("DELETE FROM platform_aliases WHERE alias = ?", [new])
    db.execute(
        "INSERT INTO platform_aliases (alias, platform) VALUES (?, ?) "
        "ON CONFLICT (alias) DO UPDATE SET platform = excluded.platform",
        [old, new],
    )
    db.execute("DELETE FROM platforms WHERE name = ?", [old])


def _refuse_clashes(db: sqlite_utils.Database, source: str, target: str) -> None:
    """Spend entries and signal values have no rule for becoming one: the same entry on both
    platforms stops the merge before anything changes."""
    spend = db.execute(
        "SELECT count(*) FROM spend a JOIN spend b ON b.platform = ? AND b.date = a.date "
        "AND ifnull(b.campaign_id, 0) = ifnull(a.campaign_id, 0) "
        "AND ifnull(b.note, '') = ifnull(a.note, '') WHERE a.platform = ?",
        [target, source],
    ).fetchone()[0]
    signals = db.execute(
        "SELECT count(*) FROM signals a JOIN signals b ON b.platform = ? AND b.metric = a.metric "
        "AND b.date = a.date WHERE a.platform = ?",
        [target, source],
    ).fetchone()[0]
    if spend or signals:
        clashes = " and ".join(
            f"{n} {what}" for n, what in ((spend, "spend entries"), (signals, "signal values")) if n
        )
        raise StoreError(
            f"cannot merge {source} into {target}: {clashes} exist on both with the same date "
            "(and campaign and note); fix or delete one of each first. Nothing was changed"
        )


def _merge_influencers(db: sqlite_utils.Database, source: str, target: str, actor: str) -> int:
    """A creator on both platforms (the same handle key) becomes one influencer on `target`."""
    kept = {
        key: (influencer_id, handle)
        for influencer_id, handle, key in db.execute(
            "SELECT id, handle, handle_key FROM influencers WHERE platform = ?", [target]
        ).fetchall()
    }
    merged = 0
    for twin_id, handle, key in db.execute(
        "SELECT id, handle, handle_key FROM influencers WHERE platform = ?", [source]
    ).fetchall():
        survivor = kept.get(key)
        if survivor is None:
            continue
        merge_twins(
            db.conn,
            (survivor[0], target, survivor[1]),
            (twin_id, source, handle),
            actor=actor,
            why=f"the same creator on {source} and {target}, merged with the platforms",
        )
        merged += 1
    return merged


def _merge_posts(db: sqlite_utils.Database, source: str, target: str, actor: str) -> int:
    """A post on both platforms (the same post key) becomes one post on `target`, with the numbers
    of its latest sighting; the other row is deleted and written in the audit log."""
    conn: sqlite3.Connection = db.conn
    width = len(PostSource._fields)
    select = (
        f"SELECT p.id, i.followers, c.brand, {', '.join('p.' + c for c in POST_COLUMNS)} "
        "FROM posts p JOIN influencers i ON i.id = p.influencer_id "
        "LEFT JOIN campaigns c ON c.id = p.campaign_id WHERE p.platform = ? AND p.post_key = ?"
    )
    merged = 0
    for (post_key,) in conn.execute(
        "SELECT a.post_key FROM posts a JOIN posts b ON b.platform = ? AND b.post_key = a.post_key "
        "WHERE a.platform = ?",
        [target, source],
    ).fetchall():
        keep_id, followers, brand, *kept_values = conn.execute(
            select, [target, post_key]
        ).fetchone()
        drop_id, _, _, *dropped_values = conn.execute(select, [source, post_key]).fetchone()
        kept = PostSource._make(kept_values[:width])
        dropped = PostSource._make(dropped_values[:width])._replace(
            platform=target, influencer_id=kept.influencer_id
        )
        post = merge(kept, dropped)._replace(post_key=kept.post_key)
        conn.execute("DELETE FROM posts WHERE id = ?", [drop_id])
        conn.execute(UPDATE_POST, [*post, *derive(post, followers, brand), keep_id])
        audit(
            conn,
            actor,
            "merge post",
            f"{target}:{post_key}",
            {
                "kept": keep_id,
                "dropped": dict(zip(POST_COLUMNS, dropped_values, strict=True)) | {"id": drop_id},
                "why": f"the same post on {source} and {target}, merged with the platforms",
            },
        )
        merged += 1
    return merged
