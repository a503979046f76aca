"""Text search behind the filter keystroke: word-prefix conditions for post titles, brands and
handles, two ways to run them (scan an index in display order, or start from the full-text
index), and a step budget that says when a scan is taking too long."""

from __future__ import annotations

import json
import random
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

from influence_tui.domain.identity import handle_key

_WORD = re.compile(r"\w+")
STEP_BLOCK = 1000  # SQLite VM instructions between two looks at the clock


class TooSlow(Exception):
    """The query used up its step budget and was interrupted."""


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)][:8]


def fts_query(found: list[str]) -> str | None:
    """Every word must start a word of the title or brand: `"post"* AND "12"*`."""
    return " AND ".join(f'"{w}"*' for w in found) if found else None


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def word_like_patterns(word: str) -> list[str]:
    """LIKE patterns for "a word of the text starts with `word`", close to what the full-text
    tokenizer does (words start at the beginning, after a space, # or @)."""
    w = like_escape(word)
    return [f"{w}%", f"% {w}%", f"%#{w}%", f"%@{w}%"]


def handle_range_sql() -> str:
    """A range of roster.handle_key that holds every handle whose key starts with a word's key:
    two parameters, both `handle_prefix(word)`."""
    return "r.handle_key >= ? AND r.handle_key < ? || char(1114111)"


def handle_prefix(word: str) -> str:
    """What a handle's key starts with when the handle starts with `word` (any case or script)."""
    return handle_key(word)


def handle_posts(db: sqlite_utils.Database, word: str, cap: int) -> int | None:
    """About how many posts the influencers whose handle starts with `word` have (from the
    roster rollup), or None when more than `cap` influencers' handles start with it."""
    row = db.execute(
        "SELECT count(*), coalesce(sum(posts), 0) FROM "
        f"(SELECT r.posts FROM roster r WHERE {handle_range_sql()} LIMIT ?)",
        [handle_prefix(word), handle_prefix(word), cap + 1],
    ).fetchone()
    return None if row[0] > cap else row[1]


def text_matches(db: sqlite_utils.Database, found: list[str], rows: int = 1000) -> list[float]:
    """For each word, about how many posts have a word of the title or brand starting with it,
    estimated on `rows` posts picked evenly at random (a few milliseconds; the full-text index
    cannot count a common prefix without reading its whole list, and neighbouring posts are
    alike: one import, one campaign, numbered titles)."""
    low, high = db.execute(
        "SELECT (SELECT min(id) FROM posts), (SELECT max(id) FROM posts)"
    ).fetchone()
    if low is None or not found:
        return [0.0 for _ in found]
    picked = sorted(random.Random(high).sample(range(low, high + 1), min(rows, high - low + 1)))
    tests = ", ".join(
        "sum("
        + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in ("title", "brand") for _ in range(4))
        + ")"
        for _ in found
    )
    params = [p for word in found for p in word_like_patterns(word) * 2]
    row = db.execute(
        f"SELECT count(*), {tests} FROM posts WHERE id IN (SELECT value FROM json_each(?))",
        [*params, json.dumps(picked)],
    ).fetchone()
    scale = (high - low + 1) / (row[0] or 1)
    return [(hits or 0) * scale for hits in row[1:]]


@contextmanager
def time_budget(db: sqlite_utils.Database, seconds: float | None) -> Iterator[None]:
    """Interrupt the queries run inside once `seconds` have passed (None: no limit), raising
    TooSlow. Rows a caller read before that stay read: a scan in display order keeps the
    first rows it found. (A step count would not do: one step of a scan in an index's order
    can be a random read of the table, a hundred times a cheap step.)"""
    if seconds is None:
        yield
        return
    deadline = time.perf_counter() + seconds
    clock = time.perf_counter

    def tick() -> int:
        return 1 if clock() > deadline else 0

    db.conn.set_progress_handler(tick, STEP_BLOCK)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise TooSlow() from None
        raise
    finally:
        db.conn.set_progress_handler(None, STEP_BLOCK)


def like_pattern(text: str) -> str:
    return f"%{like_escape(text)}%"
