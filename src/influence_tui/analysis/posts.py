"""Post rows with their per-post metrics and flags."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import sqlite_utils

from influence_tui.analysis.view import ViewSettings
from influence_tui.store import queries, search
from influence_tui.store.paging import (
    Cursor,
    Sort,
    WindowQuery,
    count_capped,
    fetch_after,
    fetch_before,
)

COUNT_CAP = 10_000
SCAN_STEPS = 300_000  # about 20 ms of scanning on a 2-core machine
SEARCH_COUNT_STEPS = 400_000
T = TypeVar("T")


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

    def window(self, plan: str = "scan") -> WindowQuery:
        return queries.posts_query(
            queries.PostFilter(self.text, self.influencer_id, self.campaign_id, self.platform),
            self.settings.as_of,
            plan,
        )

    @property
    def order(self) -> Sort:
        return Sort(queries.POST_SORTS[self.sort], self.descending)


def post_cursor(row: PostRow, query: PostQuery) -> Cursor:
    return Cursor(getattr(row, query.sort), row.id)


def _either_plan(db: sqlite_utils.Database, query: PostQuery, run: Callable[[WindowQuery], T]) -> T:
    """A text filter first scans the posts in display order with a step budget (a common word
    fills a page at once); when the budget runs out the word is rare, and the full-text index
    finds its few posts instead. Without text there is nothing to search."""
    if not search.words(query.text):
        return run(query.window())
    try:
        with search.step_budget(db, SCAN_STEPS):
            return run(query.window("scan"))
    except search.TooSlow:
        return run(query.window("search"))


def posts_after(
    db: sqlite_utils.Database, query: PostQuery, after: Cursor | None, limit: int
) -> list[PostRow]:
    rows = _either_plan(db, query, lambda w: fetch_after(db, w, query.order, after, limit))
    return [PostRow.from_store(r) for r in rows]


def posts_before(
    db: sqlite_utils.Database, query: PostQuery, before: Cursor | None, limit: int
) -> list[PostRow]:
    rows = _either_plan(db, query, lambda w: fetch_before(db, w, query.order, before, limit))
    return [PostRow.from_store(r) for r in rows]


def posts_count(db: sqlite_utils.Database, query: PostQuery) -> tuple[int, bool]:
    """(count, capped). Unfiltered counts come from the rollups; a text or platform filter is
    counted only up to COUNT_CAP so a keystroke never reads a million posts."""
    if not query.text and not query.platform:
        return queries.posts_total(db, query.influencer_id, query.campaign_id), False
    if not search.words(query.text):
        return count_capped(db, query.window(), COUNT_CAP)
    for plan, steps in (("scan", SCAN_STEPS), ("search", SEARCH_COUNT_STEPS)):
        try:
            with search.step_budget(db, steps):
                return count_capped(db, query.window(plan), COUNT_CAP)
        except search.TooSlow:
            continue
    return COUNT_CAP, True  # neither finished quickly: more than a screenful, say "10,000+"
