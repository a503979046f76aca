"""Text search behind the filter keystroke: word-prefix conditions for post titles, brands and
handles, two ways to run them (scan an index in display order, or start from the full-text
index), and a step budget that says when a scan is taking too long."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

_WORD = re.compile(r"\w+")
STEP_BLOCK = 1000  # SQLite VM instructions between two checks of the budget


class TooSlow(Exception):
    """The query used up its step budget and was interrupted."""


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)][:8]


def fts_query(text: str) -> str | None:
    """Every word must start a word of the title or brand: `"post"* AND "12"*`."""
    found = words(text)
    return " AND ".join(f'"{w}"*' for w in found) if found else None


def prefix_range(text: str) -> tuple[str, str]:
    """[low, high) of the keys that start with `text` (for a range scan of a text index)."""
    low = text.lower()
    return low, low[:-1] + chr(ord(low[-1]) + 1) if low else "\U0010ffff"


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def word_like_patterns(word: str) -> list[str]:
    """LIKE patterns for "a word of the text starts with `word`", close to what the full-text
    tokenizer does (words start at the beginning, after a space, # or @)."""
    w = like_escape(word)
    return [f"{w}%", f"% {w}%", f"%#{w}%", f"%@{w}%"]


@contextmanager
def step_budget(db: sqlite_utils.Database, steps: int | None) -> Iterator[None]:
    """Interrupt the queries run inside after about `steps` VM instructions (None: no limit)."""
    if steps is None:
        yield
        return
    left = [steps // STEP_BLOCK]

    def tick() -> int:
        left[0] -= 1
        return 1 if left[0] < 0 else 0

    db.conn.set_progress_handler(tick, STEP_BLOCK)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise TooSlow() from None
        raise
    finally:
        db.conn.set_progress_handler(None, STEP_BLOCK)
