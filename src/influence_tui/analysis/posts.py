"""Post rows with their per-post metrics and flags."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from influence_tui.analysis.view import ViewSettings
from influence_tui.store import queries
from influence_tui.store.paging import (
    Cursor,
    Sort,
    WindowQuery,
    count_capped,
    fetch_after,
    fetch_before,
)

COUNT_CAP = 10_000


@dataclass(frozen=True)
class PostRow:
    id: int
    posted_at: str
    handle: str
    platform: str
    campaign: str | None
    brand: str | None
    title: str | None
    views: int | None
    likes: int | None
    comments: int | None
    engagement_rate: float | None
    impression_rate: float | None
    cost: float | None
    cpe: float | None
    cpm: float | None
    likes_hidden: bool
    flags: tuple[str, ...]

    @classmethod
    def from_store(cls, row: dict) -> PostRow:
        flags = []
        if row["sponsored"] and not row["disclosed"]:
            flags.append("undisclosed")
        if row["sponsored"] and row["brand_named"] == 0:
            flags.append("brand-unnamed")
        if row["likes_hidden"]:
            flags.append("likes-hidden")
        if row["provenance"] == "estimated":
            flags.append("estimated")
        return cls(
            id=row["id"],
            posted_at=row["posted_at"],
            handle=row["handle"],
            platform=row["platform"],
            campaign=row["campaign"],
            brand=row["brand"],
            title=row["title"],
            views=row["views"],
            likes=row["likes"],
            comments=row["comments"],
            engagement_rate=row["engagement_rate"],
            impression_rate=row["impression_rate"],
            cost=row["cost"],
            cpe=row["cpe"],
            cpm=row["cpm"],
            likes_hidden=bool(row["likes_hidden"]),
            flags=tuple(flags),
        )


@dataclass(frozen=True)
class PostQuery:
    settings: ViewSettings
    text: str = ""
    influencer_id: int | None = None
    campaign_id: int | None = None
    platform: str | None = None
    sort: str = "posted_at"
    descending: bool = True

    def window(self) -> WindowQuery:
        return queries.posts_query(
            queries.PostFilter(self.text, self.influencer_id, self.campaign_id, self.platform),
            self.settings.as_of,
        )

    @property
    def order(self) -> Sort:
        return Sort(queries.POST_SORTS[self.sort], self.descending)


def post_cursor(row: PostRow, query: PostQuery) -> Cursor:
    return Cursor(getattr(row, query.sort), row.id)


def posts_after(
    db: sqlite_utils.Database, query: PostQuery, after: Cursor | None, limit: int
) -> list[PostRow]:
    return [
        PostRow.from_store(r) for r in fetch_after(db, query.window(), query.order, after, limit)
    ]


def posts_before(
    db: sqlite_utils.Database, query: PostQuery, before: Cursor | None, limit: int
) -> list[PostRow]:
    return [
        PostRow.from_store(r) for r in fetch_before(db, query.window(), query.order, before, limit)
    ]


def posts_count(db: sqlite_utils.Database, query: PostQuery) -> tuple[int, bool]:
    """(count, capped). Unfiltered counts come from the rollups; a text or platform filter is
    counted only up to COUNT_CAP so a keystroke never reads a million posts."""
    if not query.text and not query.platform:
        return queries.posts_total(db, query.influencer_id, query.campaign_id), False
    return count_capped(db, query.window(), COUNT_CAP)
