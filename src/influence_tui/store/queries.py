"""Read queries the explorer, the report and export share. Every sort column is whitelisted;
every user value is a parameter."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from influence_tui.domain.identity import name_key
from influence_tui.domain.tiers import SCHEMES
from influence_tui.store import search
from influence_tui.store.paging import WindowQuery

ROSTER_SORTS = {
    "handle": "handle_key",
    "platform": "platform",
    "tier": "followers",
    "followers": "followers",
    "engagement_rate": "engagement_rate",
    "impression_rate": "impression_rate",
    "brands": "brands",
    "spend": "spend",
    "cpe": "cpe",
}
POST_SORTS = {
    "posted_at": "p.posted_at",
    "views": "p.views",
    "engagement_rate": "p.engagement_rate",
    "cost": "p.cost",
    "cpe": "p.cpe",
}


def like_pattern(text: str) -> str:
    return f"%{search.like_escape(text)}%"


@dataclass(frozen=True)
class RosterFilter:
    text: str = ""
    platform: str | None = None
    min_followers: int | None = None
    max_followers: int | None = None  # exclusive
    campaign_id: int | None = None
    flag: str | None = None
    decision: str | None = None  # only with a campaign: decisions belong to one
    large_campaign: bool = False  # walk the sort index and probe membership, not list members


def flags_column(tier_scheme: str) -> str:
    if tier_scheme not in SCHEMES:
        raise ValueError(f"unknown tier scheme {tier_scheme!r}")
    return f"flags_{tier_scheme}"


def roster_query(f: RosterFilter, tier_scheme: str = "seed") -> WindowQuery:
    flags = flags_column(tier_scheme)
    where: list[str] = []
    params: list[Any] = []
    if f.text:
        pattern = like_pattern(f.text)
        # the handle is matched on its key, so 'élodie' finds 'ÉLODIE' (LIKE folds ASCII only)
        where.append(
            "(handle_key LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' "
            "OR country LIKE ? ESCAPE '\\')"
        )
        params += [like_pattern(search.handle_prefix(f.text)), pattern, pattern]
    if f.platform:
        where.append("platform = ?")
        params.append(f.platform)
    if f.min_followers is not None:
        where.append("followers >= ?")
        params.append(f.min_followers)
    if f.max_followers is not None:
        where.append("followers < ?")
        params.append(f.max_followers)
    source = "roster"
    review = "NULL AS decision, NULL AS note, NULL AS reviewer"
    if f.campaign_id is not None:
        campaign_id = int(f.campaign_id)
        if f.large_campaign:
            where.append(
                "EXISTS (SELECT 1 FROM influencer_campaigns m WHERE m.campaign_id = ? "
                "AND m.influencer_id = roster.influencer_id)"
            )
        else:
            where.append(
                "roster.influencer_id IN "
                "(SELECT influencer_id FROM influencer_campaigns WHERE campaign_id = ?)"
            )
        params.append(campaign_id)
        source = (
            f"roster LEFT JOIN decisions d ON d.campaign_id = {campaign_id} "
            "AND d.influencer_id = roster.influencer_id"
        )
        review = "coalesce(d.decision, 'unreviewed') AS decision, d.note AS note, d.reviewer"
        if f.decision:
            where.append("coalesce(d.decision, 'unreviewed') = ?")
            params.append(f.decision)
    if f.flag:
        where.append(f"(' ' || {flags} || ' ') LIKE ?")
        params.append(f"% {f.flag} %")
    columns = (
        "roster.influencer_id AS influencer_id, platform, handle, name, country, followers, "
        "posts, engagement_rate, impression_rate, er_by_views, brands, saturation, spend, cpe, "
        f"cpm, {flags} AS flags, {review}"
    )
    return WindowQuery(source, columns, "roster.influencer_id", tuple(where), tuple(params))


@dataclass(frozen=True)
class PostFilter:
    text: str = ""
    influencer_id: int | None = None
    campaign_id: int | None = None
    platform: str | None = None


POST_COLUMNS = (
    "p.id AS id, p.posted_at AS posted_at, i.handle AS handle, p.platform AS platform, "
    "c.name AS campaign, p.brand AS brand, p.title AS title, p.views AS views, p.likes AS likes, "
    "p.comments AS comments, p.engagement_rate AS engagement_rate, "
    "p.impression_rate AS impression_rate, p.cost AS cost, p.cpe AS cpe, p.cpm AS cpm, "
    "p.sponsored AS sponsored, p.disclosed AS disclosed, p.brand_named AS brand_named, "
    "p.likes_hidden AS likes_hidden, p.provenance AS provenance"
)


def posts_query(
    f: PostFilter,
    as_of: dt.date | None,
    plan: str = "scan",
    search_words: tuple[str, ...] = (),
    walk_sort_index: bool = False,
) -> WindowQuery:
    """The posts that pass the filter; every typed word must start a word of the title or brand
    (after a space, # or @), or the handle. The plans differ only in where the rows come from:

    - "scan" walks the posts in display order (the sort's index) and tests each one: quick when
      the words are common. `walk_sort_index` keeps SQLite from listing a big campaign's posts
      and sorting them (the campaign's share of the posts is tested on the way instead).
    - "count" reads the table in its own order, for a count (no random reads in sort order).
    - "search" starts from the posts that can match `search_words`: the full-text index for
      posts with all of them in the title or brand, and the posts of influencers whose handle
      starts with one of them; quick when the words are rare. The full-text index splits words
      a little differently (accents, non-ASCII case), so each candidate is still tested the
      same way as in a scan, and both plans find the same posts."""
    where: list[str] = []
    params: list[Any] = []
    source = f"posts p {_POST_JOINS}"
    source_params: list[Any] = []
    if plan == "search" and search_words:
        handles = " UNION ".join(
            "SELECT p2.id FROM roster r CROSS JOIN posts p2 ON p2.influencer_id = r.influencer_id "
            f"WHERE {search.handle_range_sql()}"
            for _ in search_words
        )
        source = (
            "(SELECT rowid AS id FROM posts_search WHERE posts_search MATCH ? "
            f"UNION {handles}) AS found CROSS JOIN posts p ON p.id = found.id {_POST_JOINS}"
        )
        source_params = [search.fts_query(list(search_words))]
        for word in search_words:
            source_params += [search.handle_prefix(word)] * 2
    for word in search.words(f.text):
        where.append(_WORD_CONDITION)
        params += _word_params(word)
    if as_of is not None:
        # a count reads the table in rowid order rather than walking the date index
        scoped = f.influencer_id is not None or f.campaign_id is not None
        where.append("+p.posted_at <= ?" if plan == "count" and not scoped else "p.posted_at <= ?")
        params.append(as_of.isoformat())
    if f.influencer_id is not None:
        where.append("p.influencer_id = ?")
        params.append(f.influencer_id)
    if f.campaign_id is not None:
        where.append("+p.campaign_id = ?" if walk_sort_index else "p.campaign_id = ?")
        params.append(f.campaign_id)
    if f.platform:
        where.append("p.platform = ?")
        params.append(f.platform)
    return WindowQuery(source, POST_COLUMNS, "p.id", tuple(where), (*source_params, *params))


_POST_JOINS = (
    "JOIN influencers i ON i.id = p.influencer_id LEFT JOIN campaigns c ON c.id = p.campaign_id"
)
# one typed word: a prefix of the handle, or the start of a word of the title or brand (the four
# patterns of search.word_like_patterns for each)
_WORD_LIKES = " OR ".join(
    f"{column} LIKE ? ESCAPE '\\'" for column in ("p.title", "p.brand") for _ in range(4)
)
_WORD_CONDITION = f"({_WORD_LIKES} OR i.handle_key LIKE ? ESCAPE '\\')"


def _word_params(word: str) -> list[str]:
    patterns = search.word_like_patterns(word)
    return [*patterns, *patterns, f"{search.like_escape(search.handle_prefix(word))}%"]


def report_roster(
    db: sqlite_utils.Database, tier_scheme: str = "seed", campaign_id: int | None = None
) -> Iterator[tuple[Any, ...]]:
    """Every roster row (only the campaign's, when given) as a plain tuple, in handle order (the
    order of the handle index, so SQLite sorts nothing), read with one cursor: handle, platform,
    followers, engagement_rate, impression_rate, brands, spend, flags (space-separated),
    decision, note, reviewer (the last three NULL without a campaign)."""
    columns = (
        "r.handle, r.platform, r.followers, r.engagement_rate, r.impression_rate, r.brands, "
        f"r.spend, r.{flags_column(tier_scheme)}"
    )
    if campaign_id is None:
        sql = f"SELECT {columns}, NULL, NULL, NULL FROM roster r ORDER BY r.handle_key, r.rowid"
        return iter(db.execute(sql))
    sql = (
        f"SELECT {columns}, coalesce(d.decision, 'unreviewed'), d.note, d.reviewer FROM roster r "
        "LEFT JOIN decisions d ON d.campaign_id = ? AND d.influencer_id = r.influencer_id "
        "WHERE r.influencer_id IN "
        "(SELECT influencer_id FROM influencer_campaigns WHERE campaign_id = ?) "
        "ORDER BY r.handle_key, r.rowid"
    )
    return iter(db.execute(sql, [campaign_id, campaign_id]))


LARGE_CAMPAIGN = 2_000


def campaign_size(db: sqlite_utils.Database, campaign_id: int) -> int:
    """How many influencers posted in the campaign (a range of the rollup's primary key)."""
    return int(
        db.execute(
            "SELECT count(*) FROM influencer_campaigns WHERE campaign_id = ?", [campaign_id]
        ).fetchone()[0]
    )


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def platform_names(db: sqlite_utils.Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT name FROM platforms ORDER BY name")]


def campaigns(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return _dicts(
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


def spend_by_platform(
    db: sqlite_utils.Database, as_of: dt.date | None, campaign_id: int | None = None
) -> dict[str, float]:
    sql = "SELECT platform, sum(amount) FROM spend WHERE date <= ?"
    params: list[Any] = [as_of.isoformat() if as_of else "9999-12-31"]
    if campaign_id is not None:
        sql += " AND campaign_id = ?"
        params.append(campaign_id)
    return {row[0]: row[1] for row in db.execute(sql + " GROUP BY platform", params)}


def weekly_series(
    db: sqlite_utils.Database,
) -> dict[str, dict[str, list[tuple[str, float | None]]]]:
    """platform -> series -> [(week Monday, value)], oldest first."""
    result: dict[str, dict[str, list[tuple[str, float | None]]]] = {}
    for platform, series, week, value in db.execute(
        "SELECT platform, series, week, value FROM weekly ORDER BY platform, series, week"
    ):
        result.setdefault(platform, {}).setdefault(series, []).append((week, value))
    return result


def table_counts(db: sqlite_utils.Database, tables: tuple[str, ...]) -> dict[str, int]:
    known = {"influencers", "posts", "spend", "signals", "campaigns"}
    return {
        table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in tables
        if table in known
    }


def peer_median_cpe(
    db: sqlite_utils.Database, tier_scheme: str, platform: str, tier: str | None
) -> float | None:
    row = db.execute(
        "SELECT median FROM peer_cpe WHERE scheme = ? AND platform = ? AND tier = ?",
        [tier_scheme, platform, tier or ""],
    ).fetchone()
    return row[0] if row else None


def roster_row(
    db: sqlite_utils.Database, influencer_id: int, tier_scheme: str = "seed"
) -> dict[str, Any] | None:
    flags = flags_column(tier_scheme)
    rows = _dicts(
        db.execute(
            f"SELECT r.*, r.{flags} AS flags, i.category, i.compensation, i.audience_quality, "
            "i.provenance FROM roster r JOIN influencers i ON i.id = r.influencer_id "
            "WHERE r.influencer_id = ?",
            [influencer_id],
        )
    )
    return rows[0] if rows else None


def influencer_sponsored_brands(
    db: sqlite_utils.Database, influencer_id: int, as_of: dt.date | None
) -> list[tuple[str, str]]:
    """(posted_at, brand) of the influencer's sponsored posts with a brand, up to as-of."""
    end = as_of.isoformat() if as_of else "9999-12-31"
    return [
        (row[0], row[1])
        for row in db.execute(
            "SELECT posted_at, brand FROM posts WHERE influencer_id = ? AND sponsored "
            "AND brand IS NOT NULL AND posted_at <= ? ORDER BY posted_at",
            [influencer_id, end],
        )
    ]


def influencer_post_rates(
    db: sqlite_utils.Database, influencer_id: int, as_of: dt.date | None
) -> list[tuple[str, float | None, float | None]]:
    """(posted_at, ER, IR) of one influencer's posts up to the as-of date, oldest first."""
    end = as_of.isoformat() if as_of else "9999-12-31"
    return [
        (row[0], row[1], row[2])
        for row in db.execute(
            "SELECT posted_at, engagement_rate, impression_rate FROM posts "
            "WHERE influencer_id = ? AND posted_at <= ? ORDER BY posted_at",
            [influencer_id, end],
        )
    ]


def influencer_sponsored_issues(
    db: sqlite_utils.Database, influencer_id: int, as_of: dt.date | None, limit: int = 5
) -> list[dict[str, Any]]:
    end = as_of.isoformat() if as_of else "9999-12-31"
    return _dicts(
        db.execute(
            "SELECT posted_at, title, brand, disclosed, brand_named FROM posts "
            "WHERE influencer_id = ? AND sponsored AND posted_at <= ? "
            "AND (NOT coalesce(disclosed, 0) OR brand_named = 0) "
            "ORDER BY posted_at DESC LIMIT ?",
            [influencer_id, end, limit],
        )
    )


def posts_total(
    db: sqlite_utils.Database, influencer_id: int | None, campaign_id: int | None
) -> int:
    """Posts up to the rollups' as-of date, from the rollups (never a scan of the posts table)."""
    if influencer_id is not None:
        row = db.execute(
            "SELECT posts FROM roster WHERE influencer_id = ?", [influencer_id]
        ).fetchone()
        return row[0] if row else 0
    if campaign_id is not None:
        sql, params = (
            "SELECT sum(posts) FROM influencer_campaigns WHERE campaign_id = ?",
            [campaign_id],
        )
    else:
        sql, params = "SELECT sum(posts) FROM roster", []
    return db.execute(sql, params).fetchone()[0] or 0


# Export: field names of DESIGN.md §2, in a stable order so export → import → export is identical.
EXPORT_SQL = {
    "influencers": (
        "SELECT platform, handle, name, followers, country, category, compensation, "
        "audience_quality, reported_engagement_rate, provenance, "
        "CASE WHEN followers IS NOT NULL THEN followers_date END AS snapshot_date "
        "FROM influencers "
        "ORDER BY platform, handle_key"
    ),
    "campaigns": (
        "SELECT name, brand, start_date AS start, end_date AS end, budget FROM campaigns ORDER BY name"
    ),
    "posts": (
        "SELECT p.platform, i.handle, p.external_id, c.name AS campaign, p.brand, p.posted_at, "
        "p.snapshot_date, p.title, p.views, p.likes, p.comments, p.shares, p.saves, p.cost, p.sponsored, "
        "p.disclosed, p.brand_named, p.likes_hidden, p.provenance FROM posts p "
        "JOIN influencers i ON i.id = p.influencer_id LEFT JOIN campaigns c ON c.id = p.campaign_id "
        "ORDER BY p.platform, p.post_key"
    ),
    "spend": (
        "SELECT s.platform, c.name AS campaign, s.date, s.amount, s.currency, s.note FROM spend s "
        "LEFT JOIN campaigns c ON c.id = s.campaign_id "
        "ORDER BY s.platform, s.date, c.name, s.note, s.amount"
    ),
    "signals": "SELECT platform, metric, date, value FROM signals ORDER BY platform, metric, date",
}
BOOLEAN_EXPORT_FIELDS = {"sponsored", "disclosed", "brand_named", "likes_hidden"}


def export_rows(db: sqlite_utils.Database, kind: str) -> tuple[list[str], Iterator[dict[str, Any]]]:
    cursor = db.execute(EXPORT_SQL[kind])
    names = [d[0] for d in cursor.description]

    def rows() -> Iterator[dict[str, Any]]:
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            for field in BOOLEAN_EXPORT_FIELDS & row.keys():
                if row[field] is not None:
                    row[field] = bool(row[field])
            yield row

    return names, rows()
