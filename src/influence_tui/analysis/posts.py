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


def _first_plan_in_budget(
    db: sqlite_utils.Database,
    query: PostQuery,
    run: Callable[[WindowQuery], T],
    plans: tuple[tuple[str, int | None], ...],
) -> T | None:
    """run() on the first plan that finishes within its step budget (None: no limit); None when
    none did. A text filter first scans the posts in display order (a common word fills a page at
    once); when that budget runs out the word is rare, and the full-text index finds its few
    posts instead. Without text there is nothing to search."""
    if not search.words(query.text):
        return run(query.window())
    for plan, steps in plans:
        try:
            with search.step_budget(db, steps):
                return run(query.window(plan))
        except search.TooSlow:
            continue
    return None


_FETCH_PLANS = (("scan", SCAN_STEPS), ("search", None))
_COUNT_PLANS = (("scan", SCAN_STEPS), ("search", SEARCH_COUNT_STEPS))


def posts_after(
    db: sqlite_utils.Database, query: PostQuery, after: Cursor | None, limit: int
) -> list[PostRow]:
    rows = _first_plan_in_budget(
        db, query, lambda w: fetch_after(db, w, query.order, after, limit), _FETCH_PLANS
    )
    return [PostRow.from_store(r) for r in rows]


def posts_before(
    db: sqlite_utils.Database, query: PostQuery, before: Cursor | None, limit: int
) -> list[PostRow]:
    rows = _first_plan_in_budget(
        db, query, lambda w: fetch_before(db, w, query.order, before, limit), _FETCH_PLANS
    )
    return [PostRow.from_store(r) for r in rows]


def posts_count(db: sqlite_utils.Database, query: PostQuery) -> tuple[int, bool]:
    """(count, capped). Unfiltered counts come from the rollups; a text or platform filter is
    counted only up to COUNT_CAP so a keystroke never reads a million posts."""
    if not query.text and not query.platform:
        return queries.posts_total(db, query.influencer_id, query.campaign_id), False
    counted = _first_plan_in_budget(
        db, query, lambda w: count_capped(db, w, COUNT_CAP), _COUNT_PLANS
    )
    # when neither finished quickly there are more than a screenful: say "10,000+"
    return counted if counted is not None else (COUNT_CAP, True)
