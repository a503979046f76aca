"""Post rows with their per-post metrics and flags."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import sqlite_utils

from influence_tui.analysis.view import ViewSettings
from influence_tui.store import posts_window, roster_window, search
from influence_tui.store.paging import (
    Cursor,
    Sort,
    WindowQuery,
    count_capped,
    cursor_of,
    fetch_after,
    fetch_before,
)

COUNT_CAP = 10_000
# Time budgets of one filter keystroke (DESIGN.md §8: 150 ms of SQL, worst case included): the
# page first, then its count. A scan in display order finds common words at once; when its time
# is up the words are rare in that order, and the search plan lists the few posts that can match.
SCAN_SECONDS = 0.025
SEARCH_SECONDS = 0.070
COUNT_SCAN_SECONDS = 0.025
COUNT_SEARCH_SECONDS = 0.040
SEARCH_WORDS = 2  # the rarest words start the search; the others are tested on what it finds
RARE = 20_000  # posts (estimated) with a word starting so: the search reads them all
SEARCH_MAX = 40_000  # beyond this many candidates the scan goes on instead of a search
HANDLE_INFLUENCERS = 500  # a word that starts more handles than this does not start a search
HANDLE_POSTS = 20_000  # ... nor one whose influencers have more posts than this


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
    def from_store(cls, row: dict[str, Any]) -> PostRow:
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

    def window(
        self,
        db: sqlite_utils.Database | None = None,
        plan: posts_window.Plan = "scan",
        search_words: tuple[str, ...] = (),
    ) -> WindowQuery:
        """With `db`, a big campaign sorted by anything but date walks the sort's index: a page
        of it is then a short walk, where listing the campaign's posts means sorting them all."""
        walk = (
            db is not None
            and self.campaign_id is not None
            and self.influencer_id is None
            and self.sort != "posted_at"
            and roster_window.campaign_size(db, self.campaign_id) > roster_window.LARGE_CAMPAIGN
        )
        return posts_window.posts_query(
            posts_window.PostFilter(self.text, self.influencer_id, self.campaign_id, self.platform),
            self.settings.as_of,
            plan,
            search_words,
            walk,
        )

    @property
    def order(self) -> Sort:
        return Sort(posts_window.POST_SORTS[self.sort], self.descending)


def post_cursor(row: PostRow, query: PostQuery) -> Cursor:
    return Cursor(getattr(row, query.sort), row.id)


def _search_words(db: sqlite_utils.Database, words: list[str]) -> tuple[tuple[str, ...], float]:
    """The words a search starts from, and about how many candidates they give: the rare ones
    (at most SEARCH_WORDS, rarest first), else the least common, leaving out any that starts too
    many handles (their posts would all be candidates). No words when each starts too many."""
    unique = list(dict.fromkeys(words))
    usable = []
    for word, matches in zip(unique, search.text_matches(db, unique), strict=True):
        handles = search.handle_posts(db, word, HANDLE_INFLUENCERS)
        if handles is not None and handles <= HANDLE_POSTS:
            usable.append((matches + handles, word))
    if not usable:
        return (), float("inf")
    usable.sort()
    rare = [word for matches, word in usable if matches <= RARE]
    return tuple((rare or [usable[0][1]])[:SEARCH_WORDS]), usable[0][0]


# how a page's rows were found: "complete" (every match is on the page), or by the plan that
# finished ("scan", "long scan", "search"), or "partial" (no plan finished in its time)
Found = Literal["complete", "scan", "long scan", "search", "partial"]


@dataclass
class _Answer:
    """How the last page of a filter was found, so its count starts from what the page learnt."""

    plan: Found
    rows: int
    search_words: tuple[str, ...] = ()


_ANSWERS: dict[tuple[int, PostQuery], _Answer] = {}


def _remember(db: sqlite_utils.Database, query: PostQuery, answer: _Answer) -> None:
    if len(_ANSWERS) > 16:
        _ANSWERS.clear()
    _ANSWERS[(id(db), query)] = answer


def _read_page(
    db: sqlite_utils.Database,
    query: PostQuery,
    read: Callable[[WindowQuery, list[dict[str, Any]]], list[dict[str, Any]]],
    limit: int,
    first: bool,
) -> list[PostRow]:
    """A page by the first plan that finishes in its time: the scan in display order; then,
    when the words are rare, the search, else more of the scan. When that does not finish
    either (common words that seldom come together), the rows the scan found in its time: the
    first ones in display order, and the count says more may match. `read` appends the rows it
    finds to its list, going on from the rows already there."""
    words = search.words(query.text)
    if not words:
        return [PostRow.from_store(r) for r in read(query.window(db), [])]
    found: list[dict[str, Any]] = []
    scan = query.window(db, "scan")
    try:
        with search.time_budget(db, SCAN_SECONDS):
            read(scan, found)
        answer = _Answer("scan" if len(found) >= limit else "complete", len(found))
    except search.TooSlow:
        chosen, candidates = _search_words(db, words)
        answer = _Answer("partial", len(found), chosen)
        plan: Found
        try:
            with search.time_budget(db, SEARCH_SECONDS):
                if chosen and candidates <= SEARCH_MAX:
                    found = read(query.window(db, "search", chosen), [])
                    plan = "search"
                else:
                    read(scan, found)
                    plan = "long scan"
            answer = _Answer(plan if len(found) >= limit else "complete", len(found), chosen)
        except search.TooSlow:
            answer.rows = len(found)
    if first:  # the first page: what a count can start from
        _remember(db, query, answer)
    return [PostRow.from_store(r) for r in found]


def posts_after(
    db: sqlite_utils.Database, query: PostQuery, after: Cursor | None, limit: int
) -> list[PostRow]:
    def read(window: WindowQuery, into: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not into:
            return fetch_after(db, window, query.order, after, limit, into)
        more: list[dict[str, Any]] = []  # on from the last row found
        try:
            fetch_after(db, window, query.order, cursor_of(into[-1], query.order, "id"),
                        limit - len(into), more)  # fmt: skip
        finally:
            into.extend(more)
        return into

    return _read_page(db, query, read, limit, first=after is None)


def posts_before(
    db: sqlite_utils.Database, query: PostQuery, before: Cursor | None, limit: int
) -> list[PostRow]:
    def read(window: WindowQuery, into: list[dict[str, Any]]) -> list[dict[str, Any]]:
        into.clear()  # rows found nearest `before` come last: start again
        return fetch_before(db, window, query.order, before, limit, into)

    return _read_page(db, query, read, limit, first=False)


def posts_count(db: sqlite_utils.Database, query: PostQuery) -> tuple[int, bool]:
    """(count, capped). Unfiltered counts come from the rollups; a text or platform filter is
    counted only up to COUNT_CAP so a keystroke never reads a million posts. The count starts
    from what the first page learnt (all of it on the page; common words: count by a scan;
    rare: by the search). When no plan finishes in its time, the count is the posts found until
    then, capped: "at least"."""
    words = search.words(query.text)
    if not words and not query.platform:
        return posts_window.posts_total(db, query.influencer_id, query.campaign_id), False
    if not words:
        return count_capped(db, query.window(db, "count"), COUNT_CAP)
    answer = _ANSWERS.get((id(db), query)) or _Answer("scan", 0)
    if answer.plan == "complete":
        return answer.rows, False
    # each path keeps page + count within the keystroke's budget
    counted = [0]
    if answer.plan in ("scan", "long scan"):
        try:
            with search.time_budget(db, COUNT_SCAN_SECONDS):
                return count_capped(db, query.window(db, "count"), COUNT_CAP, counted)
        except search.TooSlow:
            pass
    chosen = answer.search_words if answer.plan == "search" else ()
    if answer.plan == "scan":  # common words: a search only when some word is rare enough
        chosen, candidates = _search_words(db, words)
        chosen = chosen if candidates <= SEARCH_MAX else ()
    if chosen:
        try:
            with search.time_budget(db, COUNT_SEARCH_SECONDS):
                return count_capped(db, query.window(db, "search", chosen), COUNT_CAP)
        except search.TooSlow:
            pass
    return min(max(counted[0], answer.rows), COUNT_CAP), True
