"""One import: read a file, map its columns, parse and validate every row in batches, upsert the
valid ones in one transaction, and account for every row (imported, or rejected with a reason).
The parts live beside it: options (what was asked, what happened), records (the file's rows by
field), rows (parsing per kind), validation, writer (the batch upserts) and rejects (the file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from influence_tui.ingest.headers import MappingError, parse_overrides
from influence_tui.ingest.options import (
    ImportAborted,
    ImportOptions,
    ImportResult,
    Reject,
    printable,
)
from influence_tui.ingest.reader import InputError, SourceFile, open_source
from influence_tui.ingest.records import raw_records
from influence_tui.ingest.rejects import write_rejects
from influence_tui.ingest.rows import PARSERS, Context
from influence_tui.ingest.validation import validate_batch
from influence_tui.ingest.writer import BatchWriter
from influence_tui.store import platform_registry, writes
from influence_tui.store.rollups import Touched
from influence_tui.store.session import Session

BATCH_ROWS = 5000


def run_import(session: Session, path: str | Path, options: ImportOptions) -> ImportResult:
    """Import one file in one transaction. Raises InputError / MappingError for a file that cannot
    be read (nothing written) and ImportAborted under --strict."""
    source = open_source(path, options.input_format)
    result = ImportResult(options.kind, str(path), dry_run=options.dry_run)
    result.warnings += source.warnings
    overrides = parse_overrides(options.overrides, options.kind)
    ctx = Context(
        options,
        writes.database_currency(session.db),
        today=session.today,
        platforms=platform_registry.names(session.db, options.new_platforms),
    )
    try:
        with session.write(str(path), bulk=True) as touched:
            if options.kind == "posts":
                with writes.posts_load(session.db, _expected_rows(source)) as bulk:
                    # a large load builds every rollup once, at the end
                    touched.everything = bulk
                    _import_rows(session, source, options, overrides, ctx, result, touched)
            else:
                _import_rows(session, source, options, overrides, ctx, result, touched)
            if options.dry_run:
                raise _RollBack
    except _RollBack:
        pass
    return result


def _expected_rows(source: SourceFile) -> int:
    """About how many records the file holds, before reading them."""
    if source.format == "json":
        return source.text.count("{")
    return source.text.count("\n")


class _RollBack(Exception):
    """Raised inside the transaction to undo a dry run after every row was checked."""


def _import_rows(
    session: Session,
    source: SourceFile,
    options: ImportOptions,
    overrides: dict[str, str],
    ctx: Context,
    result: ImportResult,
    touched: Touched,
) -> None:
    parse = PARSERS[options.kind]
    writer = BatchWriter(session, options, touched)
    batch: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    odd: list[str] = []  # locations of rows that are valid but look wrong
    cleaned: list[str] = []  # locations of rows whose text had control characters

    def flush() -> None:
        valid = validate_batch(options.kind, batch, result)
        if valid:
            result.new += writer.write(valid)
        batch.clear()

    for location, raw, problem in raw_records(source, options, overrides, result, ctx):
        result.read += 1
        if problem is not None or raw is None:
            result.rejects.append(Reject(location, problem or "unreadable", printable(raw or {})))
            continue
        errors: list[str] = []
        cleaned_before = len(ctx.controls_removed)
        row = parse(raw, ctx, errors)
        if len(ctx.controls_removed) > cleaned_before:
            cleaned.append(location)
        if errors:
            result.rejects.append(Reject(location, "; ".join(errors), printable(raw)))
            continue
        batch.append((location, row, raw))  # made printable only if rejected
        if options.kind == "posts" and _more_likes_than_views(row):
            odd.append(location)
        if len(batch) >= BATCH_ROWS:
            flush()
    if batch:
        flush()
    if odd:
        result.warnings.append(
            f"{_rows(odd)} more likes than views ({_lines(odd)}); imported as given"
        )
    if cleaned:
        result.warnings.append(
            f"{_rows(cleaned)} terminal escapes or control characters in their text "
            f"({_lines(cleaned)}); they were removed"
        )
    if ctx.percent_read:
        result.warnings.append(
            f"engagement_rate: the column has values above 1, so it is in percent: "
            f"{ctx.percent_read} {'row' if ctx.percent_read == 1 else 'rows'} read as percent "
            "(3.4 → 3.4%)"
        )
    if result.read == 0:  # an empty daily export is not an error
        result.warnings.append("the file has a header but no rows: nothing to import")
    if options.strict and result.rejects:
        raise ImportAborted(
            f"{result.rejected} of {result.read} rows rejected (--strict); nothing was written"
        )


def _rows(locations: list[str]) -> str:
    return "1 row has" if len(locations) == 1 else f"{len(locations)} rows have"


def _lines(locations: list[str]) -> str:
    more = f" and {len(locations) - 5} more" if len(locations) > 5 else ""
    return ", ".join(locations[:5]) + more


def _more_likes_than_views(row: dict[str, Any]) -> bool:
    views, likes = row.get("views"), row.get("likes")
    return views is not None and likes is not None and likes > views


__all__ = [
    "ImportAborted",
    "ImportOptions",
    "ImportResult",
    "InputError",
    "MappingError",
    "run_import",
    "write_rejects",
]
