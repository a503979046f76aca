"""The posts as a window: their filter (campaign, influencer, words), whitelisted sorts, and totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import sqlite_utils

from influence_tui.store import search
from influence_tui.store.paging import WindowQuery

Plan = Literal["scan", "count", "search"]  # where a window's rows come from: see posts_query

POST_SORTS = {
    "posted_at": "p.posted_at",
    "views": "p.views",
    "engagement_rate": "p.engagement_rate",
    "cost": "p.cost",
    "cpe": "p.cpe",
}


POST_COLUMNS = (
    "p.id AS id, p.posted_at AS posted_at, i.handle AS handle, p.platform AS platform, "
    "c.name AS campaign, p.brand AS brand, p.title AS title, p.views AS views, p.likes AS likes, "
    "p.comments AS comments, p.engagement_rate AS engagement_rate, "
    "p.impression_rate AS impression_rate, p.cost AS cost, p.cpe AS cpe, p.cpm AS cpm, "
    "p.sponsored AS sponsored, p.disclosed AS disclosed, p.brand_named AS brand_named, "
    "p.likes_hidden AS likes_hidden, p.provenance AS provenance"
)


_POST_JOINS = (
    "JOIN influencers i ON i.id = p.influencer_id LEFT JOIN campaigns c ON c.id = p.campaign_id"
)


@dataclass(frozen=True)
class PostFilter:
    text: str = ""
    influencer_id: int | None = None
    campaign_id: int | None = None
    platform: str | None = None


def posts_query(
    f: PostFilter,
    as_of: dt.date | None,
    plan: Plan = "scan",
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


# one typed word: a prefix of the handle, or the start of a word of the title or brand (the four
# patterns of search.word_like_patterns for each)
_WORD_LIKES = " OR ".join(
    f"{column} LIKE ? ESCAPE '\\'" for column in ("p.title", "p.brand") for _ in range(4)
)


_WORD_CONDITION = f"({_WORD_LIKES} OR i.handle_key LIKE ? ESCAPE '\\')"


def _word_params(word: str) -> list[str]:
    patterns = search.word_like_patterns(word)
    return [*patterns, *patterns, f"{search.like_escape(search.handle_prefix(word))}%"]


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
