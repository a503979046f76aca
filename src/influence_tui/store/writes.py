"""Upserts (executemany inside the session's write transaction) and small writes. Each records in
the `Touched` it is given what it changed, so the rollups recompute only that."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlite_utils

from influence_tui.domain import metrics
from influence_tui.domain.identity import clean_handle, handle_key, name_key
from influence_tui.domain.posts import PostDerived, PostSource, derive, merge
from influence_tui.store.batches import chunks, marks
from influence_tui.store.rollups import Touched

DEFAULT_CURRENCY = "USD"


def _count(db: sqlite_utils.Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def database_currency(db: sqlite_utils.Database) -> str:
    row = db.execute("SELECT value FROM meta WHERE key = 'currency'").fetchone()
    return row[0] if row else DEFAULT_CURRENCY


def ensure_platforms(db: sqlite_utils.Database, names: Iterable[str]) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO platforms (name) VALUES (?)", [(n,) for n in set(names)]
    )


# A dated row replaces the follower count (and reported ER) only if it is not older than the one
# stored, or nothing was known; other fields fill in what is unknown or take the newest text.
_NEWER = "excluded.followers_date >= coalesce(followers_date, '')"
_INFLUENCER_UPSERT = f"""
INSERT INTO influencers (platform, handle, handle_key, name, followers, followers_date, country,
                         category, compensation, audience_quality, reported_engagement_rate,
                         provenance)
VALUES (:platform, :handle, :handle_key, :name, :followers, :snapshot_date, :country,
        :category, :compensation, :audience_quality, :reported_engagement_rate, :provenance)
ON CONFLICT (platform, handle_key) DO UPDATE SET
    handle = CASE WHEN {_NEWER} THEN excluded.handle ELSE handle END,
    name = coalesce(excluded.name, name),
    followers = CASE WHEN excluded.followers IS NOT NULL AND (followers IS NULL OR {_NEWER})
                     THEN excluded.followers ELSE followers END,
    followers_date = CASE WHEN excluded.followers IS NOT NULL AND (followers IS NULL OR {_NEWER})
                     THEN excluded.followers_date ELSE followers_date END,
    reported_engagement_rate = CASE WHEN excluded.reported_engagement_rate IS NOT NULL
                     AND (reported_engagement_rate IS NULL OR {_NEWER})
                     THEN excluded.reported_engagement_rate ELSE reported_engagement_rate END,
    country = coalesce(excluded.country, country),
    category = coalesce(excluded.category, category),
    compensation = coalesce(excluded.compensation, compensation),
    audience_quality = coalesce(excluded.audience_quality, audience_quality),
    provenance = excluded.provenance
"""


def upsert_influencers(
    db: sqlite_utils.Database, rows: Sequence[dict[str, Any]], touched: Touched
) -> int:
    """Insert or update influencers (each row has a snapshot_date); returns how many were new."""
    ensure_platforms(db, (r["platform"] for r in rows))
    keyed = [
        {**r, "handle": clean_handle(r["handle"]), "handle_key": handle_key(r["handle"])}
        for r in rows
    ]
    before = db.execute("SELECT coalesce(max(id), 0) FROM influencers").fetchone()[0]
    db.conn.executemany(_INFLUENCER_UPSERT, keyed)
    found = influencer_lookup(db, {(r["platform"], r["handle_key"]) for r in keyed})
    ids = {influencer_id for influencer_id, _ in found.values()}
    touched.influencers |= ids
    _recompute_post_rates(db, ids, touched)
    return int(db.execute("SELECT count(*) FROM influencers WHERE id > ?", [before]).fetchone()[0])


def _recompute_post_rates(db: sqlite_utils.Database, ids: set[int], touched: Touched) -> None:
    """Follower counts may have changed: the per-post rates of those influencers follow."""
    updates = []
    for chunk in chunks(sorted(ids)):
        for (
            post_id,
            influencer_id,
            posted_at,
            likes,
            comments,
            views,
            er,
            ir,
            followers,
        ) in db.execute(
            "SELECT p.id, p.influencer_id, p.posted_at, p.likes, p.comments, p.views, "
            "p.engagement_rate, p.impression_rate, i.followers FROM posts p JOIN influencers i "
            f"ON i.id = p.influencer_id WHERE p.influencer_id IN ({marks(chunk)})",
            chunk,
        ):
            new_er = metrics.engagement_rate(likes, comments, followers)
            new_ir = metrics.impression_rate(views, followers)
            if (new_er, new_ir) != (er, ir):
                updates.append((new_er, new_ir, post_id))
                touched.post(influencer_id, None, posted_at)
    db.conn.executemany(
        "UPDATE posts SET engagement_rate = ?, impression_rate = ? WHERE id = ?", updates
    )


def _rows_by_key(
    db: sqlite_utils.Database, select: str, keys: Iterable[tuple[str, str]]
) -> Iterator[tuple[Any, ...]]:
    """The rows of `select … WHERE platform = ? AND <key> IN (…)` for (platform, key) pairs, asked
    a platform and a few hundred keys at a time. `select` ends with "IN ({marks})"."""
    by_platform: dict[str, list[str]] = {}
    for platform, key in keys:
        by_platform.setdefault(platform, []).append(key)
    for platform, platform_keys in by_platform.items():
        for chunk in chunks(platform_keys):
            yield from db.execute(select.format(marks=marks(chunk)), [platform, *chunk])


def influencer_lookup(
    db: sqlite_utils.Database, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, int | None]]:
    """(platform, handle_key) -> (id, followers) of the influencers that exist."""
    return {
        (platform, key): (influencer_id, followers)
        for platform, key, influencer_id, followers in _rows_by_key(
            db,
            "SELECT platform, handle_key, id, followers FROM influencers "
            "WHERE platform = ? AND handle_key IN ({marks})",
            keys,
        )
    }


def create_unknown_influencers(
    db: sqlite_utils.Database, handles: dict[tuple[str, str], str], touched: Touched
) -> None:
    """Posts named handles not on the roster: add them with unknown followers."""
    ensure_platforms(db, (p for p, _ in handles))
    db.conn.executemany(
        "INSERT OR IGNORE INTO influencers (platform, handle, handle_key, provenance) "
        "VALUES (?, ?, ?, 'imported')",
        [(p, clean_handle(handle), key) for (p, key), handle in handles.items()],
    )
    touched.influencers |= {i for i, _ in influencer_lookup(db, set(handles)).values()}


def campaign_ids(db: sqlite_utils.Database) -> dict[str, int]:
    """Campaign name key (the identity rule for names) -> id."""
    return {name_key(name): cid for name, cid in db.execute("SELECT name, id FROM campaigns")}


def campaign_brands(db: sqlite_utils.Database) -> dict[int, str | None]:
    """Campaign id -> brand: what its posts inherit."""
    return dict(db.execute("SELECT id, brand FROM campaigns").fetchall())


def upsert_campaigns(
    db: sqlite_utils.Database, rows: Sequence[dict[str, Any]], touched: Touched
) -> int:
    """Insert or update campaigns; returns how many were new. A campaign whose brand changes
    takes its posts along: the brand they inherited, and whether their titles name it."""
    before = campaign_brands(db)
    db.conn.executemany(
        """
        INSERT INTO campaigns (name, brand, start_date, end_date, budget)
        VALUES (:name, :brand, :start_date, :end_date, :budget)
        ON CONFLICT (name) DO UPDATE SET
            brand = coalesce(excluded.brand, brand),
            start_date = coalesce(excluded.start_date, start_date),
            end_date = coalesce(excluded.end_date, end_date),
            budget = coalesce(excluded.budget, budget)
        """,
        rows,
    )
    after = campaign_brands(db)
    for campaign_id, brand in after.items():
        if campaign_id in before and before[campaign_id] != brand:
            _rederive_campaign_posts(db, campaign_id, brand, touched)
    return len(after) - len(before)


def _rederive_campaign_posts(
    db: sqlite_utils.Database, campaign_id: int, brand: str | None, touched: Touched
) -> None:
    """The campaign's brand changed: what its posts inherit follows."""
    width = len(PostSource._fields)
    updates = []
    for row in db.execute(
        f"SELECT p.id, {', '.join('p.' + f for f in POST_COLUMNS)}, i.followers "
        "FROM posts p JOIN influencers i ON i.id = p.influencer_id WHERE p.campaign_id = ?",
        [campaign_id],
    ).fetchall():
        stored = PostSource._make(row[1 : width + 1])
        values = (*stored, *derive(stored, row[-1], brand))
        if values != tuple(row[1:-1]):
            updates.append((*values, row[0]))
            touched.post(stored.influencer_id, campaign_id, stored.posted_at)
    db.conn.executemany(UPDATE_POST, updates)


def ensure_campaign(db: sqlite_utils.Database, name: str, brand: str | None) -> int:
    db.execute(
        "INSERT INTO campaigns (name, brand) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        [name, brand],
    )
    return int(db.execute("SELECT id FROM campaigns WHERE name = ?", [name]).fetchone()[0])


# a post's stored columns: what the files said, then what follows from it
POST_COLUMNS = (*PostSource._fields, *PostDerived._fields)
_INSERT_POST = (
    f"INSERT INTO posts ({', '.join(POST_COLUMNS)}) VALUES ({', '.join('?' * len(POST_COLUMNS))})"
)
UPDATE_POST = f"UPDATE posts SET {', '.join(f'{c} = ?' for c in POST_COLUMNS)} WHERE id = ?"


def _stored_posts(
    db: sqlite_utils.Database, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, PostSource, tuple[Any, ...]]]:
    """(platform, post_key) -> (id, its source values, its derived values) of stored posts."""
    found = {}
    width = len(PostSource._fields)
    for row in _rows_by_key(
        db,
        f"SELECT id, {', '.join(POST_COLUMNS)} FROM posts WHERE platform = ? "
        "AND post_key IN ({marks})",
        keys,
    ):
        source = PostSource._make(row[1 : width + 1])
        found[(source.platform, source.post_key)] = (row[0], source, row[width + 1 :])
    return found


def _followers(db: sqlite_utils.Database, ids: set[int]) -> dict[int, int | None]:
    found: dict[int, int | None] = {}
    for chunk in chunks(sorted(ids)):
        found.update(
            db.execute(f"SELECT id, followers FROM influencers WHERE id IN ({marks(chunk)})", chunk)
        )
    return found


def upsert_posts(db: sqlite_utils.Database, posts: Sequence[PostSource], touched: Touched) -> int:
    """Store what the files say of these posts; returns how many were new. A post seen before
    keeps its latest sighting (domain.posts.merge), and its derived values follow."""
    latest: dict[tuple[str, str], PostSource] = {}
    for post in posts:
        key = (post.platform, post.post_key)
        seen = latest.get(key)
        latest[key] = post if seen is None else merge(seen, post)
    stored = _stored_posts(db, latest)
    merged = {
        key: post if key not in stored else merge(stored[key][1], post)
        for key, post in latest.items()
    }
    # the follower count of whoever the merged post belongs to (it may be the stored one's)
    followers = _followers(db, {p.influencer_id for p in merged.values()})
    brands = campaign_brands(db)
    inserts, updates = [], []
    track = not touched.everything
    for key, post in merged.items():
        campaign_brand = None if post.campaign_id is None else brands.get(post.campaign_id)
        derived = derive(post, followers.get(post.influencer_id), campaign_brand)
        values = (*post, *derived)
        previous = stored.get(key)
        if previous is None:
            inserts.append(values)
        else:
            post_id, old, old_derived = previous
            if (*old, *old_derived) == values:
                continue
            updates.append((*values, post_id))
            if track:
                touched.post(old.influencer_id, old.campaign_id, old.posted_at)
        if track:
            touched.post(post.influencer_id, post.campaign_id, post.posted_at)
    before = db.execute("SELECT coalesce(max(id), 0) FROM posts").fetchone()[0]
    db.conn.executemany(_INSERT_POST, inserts)
    db.conn.executemany(UPDATE_POST, updates)
    db.execute(
        "INSERT INTO posts_search (rowid, title, brand) SELECT id, title, brand FROM posts "
        "WHERE id > ?",
        [before],
    )
    return len(inserts)


# indexes that a large load builds once at the end rather than row by row (the unique key stays:
# every batch looks posts up by it)
_REBUILT_INDEXES = (
    "posts_by_influencer",
    "posts_by_campaign",
    "posts_by_date",
    "posts_by_views",
    "posts_by_er",
    "posts_by_cost",
    "posts_by_cpe",
)
# a load counts as large from this many rows, or a third of the table (judged, not tuned)
BULK_ROWS = 20_000


@contextmanager
def posts_load(db: sqlite_utils.Database, expected_rows: int) -> Iterator[bool]:
    """Inside a write transaction: a load of `expected_rows` posts. When that is large next to the
    table, the secondary indexes are dropped and built again at the end (sorting the keys once
    is cheaper than inserting them one at a time: benchmarks/store_choices.py); a failure rolls
    the drop back too.
    Yields whether it is such a load."""
    stored = db.execute("SELECT coalesce(max(id), 0) FROM posts").fetchone()[0]
    if expected_rows < BULK_ROWS or expected_rows < stored // 3:
        yield False
        return
    definitions = [
        sql
        for (sql,) in db.execute(
            "SELECT sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = 'posts' "
            f"AND name IN ({','.join('?' * len(_REBUILT_INDEXES))})",
            _REBUILT_INDEXES,
        )
    ]
    for name in _REBUILT_INDEXES:
        db.execute(f"DROP INDEX IF EXISTS {name}")
    yield True
    for sql in definitions:
        db.execute(sql)


def upsert_spend(
    db: sqlite_utils.Database, rows: Sequence[dict[str, Any]], touched: Touched
) -> int:
    ensure_platforms(db, (r["platform"] for r in rows))
    before = _count(db, "spend")
    db.conn.executemany(
        """
        INSERT INTO spend (platform, campaign_id, date, amount, currency, note)
        VALUES (:platform, :campaign_id, :date, :amount, :currency, :note)
        ON CONFLICT (platform, ifnull(campaign_id, 0), date, ifnull(note, ''))
        DO UPDATE SET amount = excluded.amount, currency = excluded.currency
        """,
        rows,
    )
    for row in rows:
        touched.spend(row["platform"], row["date"])
    return _count(db, "spend") - before


def upsert_signals(
    db: sqlite_utils.Database, rows: Sequence[dict[str, Any]], touched: Touched
) -> int:
    ensure_platforms(db, (r["platform"] for r in rows))
    before = _count(db, "signals")
    db.conn.executemany(
        """
        INSERT INTO signals (platform, metric, date, value) VALUES (:platform, :metric, :date, :value)
        ON CONFLICT (platform, metric, date) DO UPDATE SET value = excluded.value
        """,
        rows,
    )
    for row in rows:
        touched.signal(row["platform"], row["metric"], row["date"])
    return _count(db, "signals") - before


class SpendEntryExists(ValueError):
    """A typed-in entry has the key (platform, campaign, date, note) of one already stored."""

    def __init__(self, spend_id: int, amount: float) -> None:
        super().__init__(f"spend entry {spend_id} has the same platform, campaign, date and note")
        self.spend_id = spend_id
        self.amount = amount


def record_spend_entry(
    db: sqlite_utils.Database, entry: dict[str, Any], campaign_name: str | None, touched: Touched
) -> int:
    """One spend entry typed into the explorer; returns its id. An entry with the same key is
    never replaced here (a second payment on a day would silently erase the first):
    SpendEntryExists names it, to be fixed in the ledger or told apart by a note."""
    campaign_id = None
    if campaign_name:
        campaign_id = campaign_ids(db).get(name_key(campaign_name))
        if campaign_id is None:
            raise ValueError(f"no campaign named {campaign_name!r}")
    same_key = (
        "SELECT id, amount FROM spend WHERE platform = ? AND ifnull(campaign_id, 0) = ifnull(?, 0) "
        "AND date = ? AND ifnull(note, '') = ifnull(?, '')"
    )
    key = [entry["platform"], campaign_id, entry["date"], entry["note"]]
    found = db.execute(same_key, key).fetchone()
    if found is not None:
        raise SpendEntryExists(found[0], found[1])
    upsert_spend(db, [{**entry, "campaign_id": campaign_id}], touched)
    return int(db.execute(same_key, key).fetchone()[0])


def analyze(db: sqlite_utils.Database) -> None:
    """Refresh the planner's statistics after a large load."""
    db.execute("ANALYZE")
