"""Bulk upserts (executemany inside the caller's transaction) and small writes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlite_utils

from influence_tui.domain import metrics

DEFAULT_CURRENCY = "USD"


def _count(db: sqlite_utils.Database, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def database_currency(db: sqlite_utils.Database) -> str:
    row = db.execute("SELECT value FROM meta WHERE key = 'currency'").fetchone()
    return row[0] if row else DEFAULT_CURRENCY


def ensure_platforms(db: sqlite_utils.Database, names: Iterable[str]) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO platforms (name) VALUES (?)", [(n,) for n in set(names)]
    )


def upsert_influencers(db: sqlite_utils.Database, rows: Sequence[dict]) -> int:
    """Insert or update influencers; returns how many were new. Empty cells keep stored values."""
    ensure_platforms(db, (r["platform"] for r in rows))
    before = _count(db, "influencers")
    db.conn.executemany(
        """
        INSERT INTO influencers (platform, handle, handle_key, name, followers, country,
                                 category, compensation, audience_quality,
                                 reported_engagement_rate, provenance)
        VALUES (:platform, :handle, lower(:handle), :name, :followers, :country,
                :category, :compensation, :audience_quality, :reported_engagement_rate,
                :provenance)
        ON CONFLICT (platform, handle_key) DO UPDATE SET
            handle = excluded.handle,
            name = coalesce(excluded.name, name),
            followers = coalesce(excluded.followers, followers),
            country = coalesce(excluded.country, country),
            category = coalesce(excluded.category, category),
            compensation = coalesce(excluded.compensation, compensation),
            audience_quality = coalesce(excluded.audience_quality, audience_quality),
            reported_engagement_rate = coalesce(excluded.reported_engagement_rate,
                                                reported_engagement_rate),
            provenance = excluded.provenance
        """,
        rows,
    )
    _recompute_post_rates(db, [(r["platform"], r["handle"].lower()) for r in rows])
    return _count(db, "influencers") - before


def _recompute_post_rates(db: sqlite_utils.Database, keys: list[tuple[str, str]]) -> None:
    """Follower counts changed: the per-post rates of those influencers follow."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS touched (platform TEXT, handle_key TEXT)")
    db.execute("DELETE FROM temp.touched")
    db.conn.executemany("INSERT INTO temp.touched VALUES (?, ?)", keys)
    db.execute(
        """
        UPDATE posts SET
            engagement_rate = (posts.likes + posts.comments) * 1.0 / i.followers,
            impression_rate = posts.views * 1.0 / i.followers
        FROM influencers AS i
        WHERE posts.influencer_id = i.id
          AND i.id IN (SELECT i2.id FROM influencers i2
                       JOIN temp.touched t USING (platform, handle_key))
        """
    )
    db.execute("DELETE FROM temp.touched")


def influencer_lookup(
    db: sqlite_utils.Database, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, int | None]]:
    """(platform, handle_key) -> (id, followers), creating unknown handles with unknown followers."""
    found: dict[tuple[str, str], tuple[int, int | None]] = {}
    by_platform: dict[str, list[str]] = {}
    for platform, key in keys:
        by_platform.setdefault(platform, []).append(key)
    for platform, handle_keys in by_platform.items():
        for start in range(0, len(handle_keys), 500):
            chunk = handle_keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in db.execute(
                f"SELECT handle_key, id, followers FROM influencers "
                f"WHERE platform = ? AND handle_key IN ({marks})",
                [platform, *chunk],
            ):
                found[(platform, row[0])] = (row[1], row[2])
    return found


def create_unknown_influencers(db: sqlite_utils.Database, handles: dict[tuple[str, str], str]):
    """Posts named handles not on the roster: add them with unknown followers."""
    ensure_platforms(db, (p for p, _ in handles))
    db.conn.executemany(
        "INSERT OR IGNORE INTO influencers (platform, handle, handle_key, provenance) "
        "VALUES (?, ?, ?, 'imported')",
        [(p, handle, key) for (p, key), handle in handles.items()],
    )
    return len(handles)


def campaign_lookup(db: sqlite_utils.Database) -> dict[str, tuple[int, str | None]]:
    """lower(name) -> (id, brand)."""
    return {
        row[0].lower(): (row[1], row[2])
        for row in db.execute("SELECT name, id, brand FROM campaigns")
    }


def upsert_campaigns(db: sqlite_utils.Database, rows: Sequence[dict]) -> int:
    before = _count(db, "campaigns")
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
    return _count(db, "campaigns") - before


def ensure_campaign(db: sqlite_utils.Database, name: str, brand: str | None) -> int:
    db.execute(
        "INSERT INTO campaigns (name, brand) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        [name, brand],
    )
    return db.execute("SELECT id FROM campaigns WHERE name = ?", [name]).fetchone()[0]


def post_rates(
    likes: int | None,
    comments: int | None,
    views: int | None,
    cost: float | None,
    followers: int | None,
) -> tuple[float | None, float | None, float | None, float | None]:
    """(ER, IR, CPE, CPM) of one post, stored so the posts pane can sort on them."""
    engaged = metrics.engagements(likes, comments)
    return (
        metrics.engagement_rate(likes, comments, followers),
        metrics.impression_rate(views, followers),
        metrics.cost_per_engagement(cost, engaged),
        metrics.cost_per_mille(cost, views),
    )


POST_COLUMNS = (
    "influencer_id",
    "campaign_id",
    "platform",
    "post_key",
    "external_id",
    "brand",
    "posted_at",
    "title",
    "views",
    "likes",
    "comments",
    "shares",
    "saves",
    "cost",
    "sponsored",
    "disclosed",
    "brand_named",
    "likes_hidden",
    "provenance",
    "engagement_rate",
    "impression_rate",
    "cpe",
    "cpm",
)


def upsert_posts(db: sqlite_utils.Database, rows: Sequence[tuple]) -> int:
    """Rows are tuples in POST_COLUMNS order. Returns how many were new; the rest replaced."""
    # new rows get ids above the current largest; counting those is a short range scan, where
    # count(*) before and after would read the whole table for every batch
    before = db.execute("SELECT coalesce(max(id), 0) FROM posts").fetchone()[0]
    columns = ", ".join(POST_COLUMNS)
    marks = ", ".join("?" * len(POST_COLUMNS))
    keep = {"campaign_id", "brand", "title", "cost", "external_id"}
    updates = ", ".join(
        f"{c} = coalesce(excluded.{c}, {c})" if c in keep else f"{c} = excluded.{c}"
        for c in POST_COLUMNS
        if c not in ("platform", "post_key")
    )
    db.conn.executemany(
        f"INSERT INTO posts ({columns}) VALUES ({marks}) "
        f"ON CONFLICT (platform, post_key) DO UPDATE SET {updates}",
        rows,
    )
    return db.execute("SELECT count(*) FROM posts WHERE id > ?", [before]).fetchone()[0]


def upsert_spend(db: sqlite_utils.Database, rows: Sequence[dict]) -> int:
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
    return _count(db, "spend") - before


def upsert_signals(db: sqlite_utils.Database, rows: Sequence[dict]) -> int:
    ensure_platforms(db, (r["platform"] for r in rows))
    before = _count(db, "signals")
    db.conn.executemany(
        """
        INSERT INTO signals (platform, metric, date, value) VALUES (:platform, :metric, :date, :value)
        ON CONFLICT (platform, metric, date) DO UPDATE SET value = excluded.value
        """,
        rows,
    )
    return _count(db, "signals") - before


def record_spend_entry(
    db: sqlite_utils.Database, entry: dict, campaign_name: str | None
) -> tuple[int, bool]:
    """One spend entry typed into the explorer; returns (id, whether it replaced an entry)."""
    campaign_id = None
    if campaign_name:
        row = db.execute(
            "SELECT id FROM campaigns WHERE name = ? COLLATE NOCASE", [campaign_name]
        ).fetchone()
        if row is None:
            raise ValueError(f"no campaign named {campaign_name!r}")
        campaign_id = row[0]
    new = upsert_spend(db, [{**entry, "campaign_id": campaign_id}])
    spend_id = db.execute(
        "SELECT id FROM spend WHERE platform = ? AND ifnull(campaign_id, 0) = ifnull(?, 0) "
        "AND date = ? AND ifnull(note, '') = ifnull(?, '')",
        [entry["platform"], campaign_id, entry["date"], entry["note"]],
    ).fetchone()[0]
    return spend_id, new == 0
