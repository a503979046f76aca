"""Where a posts import spends its time, stage by stage (wall clock, one run).

    python benchmarks/import_stages.py BASE.db POSTS.csv [WORK.db]

BASE.db is copied to WORK.db (default: next to it) and the posts are imported into the copy,
as `influence-tui import posts` does, with each stage timed: reading and parsing rows, validation,
influencer lookups, the upsert (derivation, inserts, word index), the secondary indexes built after
a large load, and the rollups. The harness's databases and CSV files (benchmarks/run.py --work)
are the usual inputs: gen-…-base.db and gen-…-posts.csv."""

from __future__ import annotations

import collections
import contextlib
import functools
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from influence_tui.ingest import importer, writer
from influence_tui.store import rollups, writes
from influence_tui.store.session import Session

SPENT: collections.Counter[str] = collections.Counter()


def _timed(owner: Any, name: str, label: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            SPENT[label] += time.perf_counter() - started

    setattr(owner, name, wrapper)


def _instrument() -> None:
    _timed(importer, "validate_batch", "validation (pydantic, in batches)")
    _timed(writer.BatchWriter, "_influencer_ids", "influencer lookups")
    _timed(writes, "upsert_posts", "upsert (merge, derive, insert, word index)")
    _timed(rollups, "rebuild", "rollups: full rebuild")
    _timed(rollups, "update", "rollups: update (incl. rebuild)")
    load = writes.posts_load

    @contextlib.contextmanager
    def posts_load(db: Any, expected_rows: int) -> Iterator[bool]:
        with load(db, expected_rows) as bulk:
            yield bulk
            started = time.perf_counter()
        SPENT["secondary indexes built after the load"] += time.perf_counter() - started

    writes.posts_load = posts_load  # type: ignore[assignment]


def main() -> None:
    base, posts = Path(sys.argv[1]), Path(sys.argv[2])
    work = Path(sys.argv[3]) if len(sys.argv) > 3 else base.with_name("stages.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copy(base, work)
    _instrument()
    session = Session.open(work)
    started = time.perf_counter()
    result = importer.run_import(session, posts, importer.ImportOptions("posts"))
    total = time.perf_counter() - started
    session.close()
    print(result.summary())
    named = sum(v for k, v in SPENT.items() if not k.startswith("rollups: full"))
    print(f"{'total':48} {total:7.1f} s")
    for label, seconds in SPENT.most_common():
        print(f"{label:48} {seconds:7.1f} s")
    print(f"{'reading and parsing rows (the rest)':48} {total - named:7.1f} s")


if __name__ == "__main__":
    main()
