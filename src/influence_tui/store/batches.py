"""Long lists of keys asked of SQLite a few hundred at a time (its limit on parameters)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
SIZE = 500


def chunks(values: Iterable[T], size: int = SIZE) -> Iterator[list[T]]:
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(chunk: list[T]) -> str:
    """The placeholders of `IN (…)` for a chunk."""
    return ",".join("?" * len(chunk))
