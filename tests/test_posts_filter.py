"""The posts filter (`/` in the Posts pane) finds the same posts whichever plan answers: each typed
word starts a word of the title or brand (after a space, # or @), or the handle. Speed is
measured by benchmarks/posts_filter_probe.py, not here."""

from __future__ import annotations

import re

import pytest

from influence_tui.analysis import posts as post_analysis
from influence_tui.analysis.posts import PostQuery, posts_after, posts_count
from influence_tui.analysis.session import open_view
from influence_tui.ingest.generate import generate_database
from influence_tui.store import search
from influence_tui.store.paging import fetch_after

TEXTS = ("post 12", "12 post", "brand 07", "#ad", "ad", "creator00001", "post creator00002",
         "with brand 3", "b", "zzz", "1", "Post 2", "creator 5")  # fmt: skip
SORTS = [
    (key, descending) for key in ("posted_at", "views", "cost") for descending in (True, False)
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("filter") / "g.db"
    generate_database(path, influencers=300, posts=3000, weeks=20, seed=5)
    return path


def _word_starts(word: str, text: str | None) -> bool:
    """LIKE's rules: ASCII letters match either case, nothing else is folded."""
    if not text:
        return False
    return re.search(r"(?:^|[ #@])" + re.escape(word), text, re.IGNORECASE | re.ASCII) is not None


def _matches(row: dict, words: list[str]) -> bool:
    return all(
        _word_starts(w, row["title"])
        or _word_starts(w, row["brand"])
        or re.match(re.escape(w), row["handle"], re.IGNORECASE | re.ASCII)
        for w in words
    )


def _reference(db, query: PostQuery, limit: int = 100) -> list[int]:
    """The first page by reading every post in Python: the sort, unknown values last, then id."""
    column = query.sort
    rows = [
        dict(zip(("id", "title", "brand", "handle", column), r, strict=True))
        for r in db.execute(
            f"SELECT p.id, p.title, p.brand, i.handle, p.{column} FROM posts p "
            "JOIN influencers i ON i.id = p.influencer_id WHERE p.posted_at <= ? "
            + ("AND p.campaign_id = ?" if query.campaign_id else "AND ?"),
            [str(query.settings.as_of), query.campaign_id or 1],
        )
    ]
    words = search.words(query.text)
    found = [r for r in rows if _matches(r, words)]
    known = sorted(
        (r for r in found if r[column] is not None),
        key=lambda r: (r[column], r["id"]),
        reverse=query.descending,
    )
    unknown = sorted((r for r in found if r[column] is None), key=lambda r: r["id"])
    return [r["id"] for r in [*known, *unknown]][:limit]


def _ids(rows) -> list[int]:
    return [r["id"] if isinstance(r, dict) else r.id for r in rows]


@pytest.mark.parametrize("text", TEXTS)
def test_scan_and_search_find_the_same_posts_as_reading_them_all(generated, text):
    session, settings = open_view(generated, read_only=True)
    db = session.db
    campaign_id = db.execute("SELECT min(id) FROM campaigns").fetchone()[0]
    words = search.words(text)
    for scope in ({}, {"campaign_id": campaign_id}):
        for sort, descending in SORTS:
            query = PostQuery(settings, text=text, sort=sort, descending=descending, **scope)
            expected = _reference(db, query)
            scan = fetch_after(db, query.window(db, "scan"), query.order, None, 100)
            assert _ids(scan) == expected, (text, scope, sort, descending)
            chosen = post_analysis._search_words(db, words)[0]
            for start in {chosen, tuple(words[:2]), tuple(words[-1:])}:
                if not start:
                    continue
                found = fetch_after(db, query.window(db, "search", start), query.order, None, 100)
                assert _ids(found) == expected, (text, scope, sort, descending, start)
            assert _ids(posts_after(db, query, None, 100)) == expected
            total, capped = posts_count(db, query)
            if not capped:
                assert total == len(_reference(db, query, limit=10**9))


def test_a_second_word_may_match_the_handle_only(generated):
    session, settings = open_view(generated, read_only=True)
    db = session.db
    handle = db.execute("SELECT handle FROM influencers WHERE id = 7").fetchone()[0]
    query = PostQuery(settings, text=f"post {handle}")
    expected = _reference(db, query)
    assert expected  # every title starts with "Post", so these are all of its posts
    found = fetch_after(db, query.window(db, "search", ("post",)), query.order, None, 100)
    assert _ids(found) == expected


def test_no_time_left_gives_the_first_matches_and_an_at_least_count(generated, monkeypatch):
    session, settings = open_view(generated, read_only=True)
    db = session.db
    query = PostQuery(settings, text="post 1")
    expected = _reference(db, query)
    monkeypatch.setattr(post_analysis, "SCAN_SECONDS", 0.0)
    monkeypatch.setattr(post_analysis, "SEARCH_SECONDS", 0.0)
    found = _ids(posts_after(db, query, None, 100))
    assert found == expected[: len(found)]  # a true start of the answer, never a wrong row
    total, capped = posts_count(db, query)
    if len(found) < len(expected):
        assert capped and total == len(found)


def test_demo_filter_finds_accented_and_tagged_words_the_same_way(demo_db):
    session, settings = open_view(demo_db, read_only=True)
    db = session.db
    for text in ("ad", "glow", "#ad", "summer g", "a", "é"):
        query = PostQuery(settings, text=text)
        scan = fetch_after(db, query.window(db, "scan"), query.order, None, 100)
        words = search.words(text)
        found = fetch_after(db, query.window(db, "search", tuple(words)), query.order, None, 100)
        assert _ids(scan) == _ids(found) == _ids(posts_after(db, query, None, 100)), text
