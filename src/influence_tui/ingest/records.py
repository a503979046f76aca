"""A file's records by field name: the header mapped to fields (CSV) or each object's keys (JSON),
with a reason for every record that cannot be read as a row."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from influence_tui.ingest.headers import REQUIRED, Mapping, map_header
from influence_tui.ingest.options import ImportOptions, ImportResult
from influence_tui.ingest.reader import InputError, SourceFile, csv_records, json_records


def raw_records(
    source: SourceFile, options: ImportOptions, overrides: dict[str, str], result: ImportResult
) -> Iterator[tuple[str, dict[str, Any] | None, str | None]]:
    """(location, {field: raw value} or None, reason when unreadable)."""
    if source.format == "csv":
        header, records = csv_records(source)
        mapping = map_header(header, options.kind, overrides)
        _check_mapping(mapping, options, source.path, header)
        result.warnings += mapping.warnings
        result.mapping = mapping.describe(options.kind)
        width = len(header)
        for location, cells in records:
            if len(cells) == 1 and cells[0].startswith("\x00"):
                yield location, None, cells[0][1:]
            elif len(cells) != width:
                yield (
                    location,
                    dict(zip(header, cells, strict=False)),
                    f"has {len(cells)} fields but the header has {width}",
                )
            else:
                yield location, {f: cells[i] for f, i in mapping.columns.items()}, None
        return
    cache: dict[tuple[str, ...], Mapping] = {}
    for location, item in json_records(source):
        if isinstance(item, Exception):
            yield location, None, str(item)
            continue
        if not isinstance(item, dict):
            yield location, None, "not a JSON object"
            continue
        keys = tuple(item)
        known = cache.get(keys)
        if known is None:
            known = cache[keys] = map_header(list(keys), options.kind, overrides)
            if not result.mapping:
                result.mapping = known.describe(options.kind)
        yield location, {f: item[keys[i]] for f, i in known.columns.items()}, None


def _check_mapping(mapping: Mapping, options: ImportOptions, path: Path, header: list[str]) -> None:
    missing = [f for f in REQUIRED[options.kind] if f not in mapping.columns]
    if options.kind == "signals" and "metric" not in mapping.columns and not options.metric:
        missing.append("metric (or --metric)")
    needs_platform = options.kind in ("influencers", "posts", "spend", "signals")
    if needs_platform and "platform" not in mapping.columns and not options.platform:
        missing.append("platform (or --platform)")
    if missing:
        shown = ", ".join(repr(h) for h in header[:20])
        raise InputError(
            f"{path}: no column for {', '.join(missing)}; columns are {shown} "
            f"(use --map FIELD=COLUMN)"
        )
