"""A file's records by field name: the header mapped to fields (CSV) or each object's keys (JSON),
with a reason for every record that cannot be read as a row. Before the rows are read, a survey of
the number columns decides how they are written (European `1.234,5`, or a rate in percent)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from influence_tui.ingest import values
from influence_tui.ingest.headers import (
    REQUIRED,
    Mapping,
    MappingError,
    find_preset,
    map_header,
    names_a_field,
)
from influence_tui.ingest.options import ImportOptions, ImportResult
from influence_tui.ingest.presets import Preset
from influence_tui.ingest.reader import (
    InputError,
    SourceFile,
    Unreadable,
    csv_records,
    json_records,
)
from influence_tui.ingest.rows import Context

Record = tuple[str, dict[str, Any] | None, str | None]
NUMBER_FIELDS = ("followers", "audience_quality", "reported_engagement_rate", "budget", "views",
                 "likes", "comments", "shares", "saves", "cost", "amount", "value")  # fmt: skip
RATE_FIELDS = ("reported_engagement_rate",)
# a large posts file is surveyed on its first rows; every other kind on all of them
SURVEY_ROWS = {"posts": 10_000}
_HAS_YEAR = re.compile(r"%[YyGcx]")


def raw_records(
    source: SourceFile,
    options: ImportOptions,
    overrides: dict[str, str],
    result: ImportResult,
    ctx: Context,
) -> Iterator[Record]:
    """(location, {field: raw value} or None, reason when unreadable). Raises InputError or
    MappingError (nothing read) for a file whose columns cannot be used."""
    _set_platform(ctx, options.platform)
    if source.format == "csv":
        header, records = csv_records(source, names_a_field(options.kind))
        preset = find_preset(header, options.kind, options.preset)
        mapping = map_header(header, options.kind, overrides, preset)
        _check_mapping(mapping, options, source.path, header, preset)
        result.warnings += mapping.warnings
        result.mapping = mapping.describe(options.kind)
        if source.preamble:
            result.warnings.append(
                f"skipped {source.preamble} row{'s' if source.preamble > 1 else ''} above the "
                "header (blank, comma-only or a title)"
            )
        if preset is not None:
            ctx.platform = ctx.platform or preset.platform
            ctx.date_formats = dict(preset.date_formats)
        _, again = csv_records(source, names_a_field(options.kind))
        _survey(ctx, _csv_rows(source, header, again, mapping, None, ImportResult("", "")), options)
        return _csv_rows(source, header, records, mapping, preset, result)
    _survey(ctx, _json_rows(source, options, overrides, ImportResult("", "")), options)
    return _json_rows(source, options, overrides, result)


def _set_platform(ctx: Context, given: str | None) -> None:
    if given is None:
        return
    try:
        ctx.platform = ctx.platforms.resolve(given)
    except ValueError as exc:
        raise MappingError(f"--platform {given}: {exc}") from None


def _survey(ctx: Context, records: Iterator[Record], options: ImportOptions) -> None:
    """How the number columns are written, from the file's own cells: European (`1.234.567`,
    `12,5`) where some cell can only be read so and none only the English way; a rate column in
    percent where a bare value goes above 1."""
    cells: dict[str, list[object]] = {}
    for _, raw, problem in itertools.islice(records, SURVEY_ROWS.get(options.kind)):
        if raw is None or problem is not None:
            continue
        for name in NUMBER_FIELDS:
            value = raw.get(name)
            if value is not None:
                cells.setdefault(name, []).append(value)
    ctx.european = {name for name, column in cells.items() if values.column_is_european(column)}
    ctx.percent = {
        name
        for name in RATE_FIELDS
        if any(
            values.is_bare_number_above_one(c, name in ctx.european) for c in cells.get(name, ())
        )
    }


def _csv_rows(
    source: SourceFile,
    header: list[str],
    records: Iterator[tuple[str, list[str] | Unreadable]],
    mapping: Mapping,
    preset: Preset | None,
    result: ImportResult,
) -> Iterator[Record]:
    width = len(header)
    columns = list(mapping.columns.items())
    damaged = "\x00" in source.text  # checked per row only when the file has a NUL byte at all
    total = preset.total_row if preset is not None else None
    for location, cells in records:
        if isinstance(cells, Unreadable):
            yield location, None, str(cells)
        elif len(cells) != width:
            yield (
                location,
                dict(zip(header, cells, strict=False)),
                f"has {len(cells)} fields but the header has {width}",
            )
        elif damaged and any("\x00" in cell for cell in cells):
            yield location, dict(zip(header, cells, strict=True)), _NUL_REASON
        elif total is not None and cells[0].strip() == total:
            result.warnings.append(
                f"{location}: the export's {total!r} row (a sum, not a record) was skipped"
            )
        else:
            yield location, {f: cells[i] for f, i in columns}, None


_NUL_REASON = "has a NUL byte (a damaged row)"


def _json_rows(
    source: SourceFile, options: ImportOptions, overrides: dict[str, str], result: ImportResult
) -> Iterator[Record]:
    cache: dict[tuple[str, ...], Mapping] = {}
    damaged = "\x00" in source.text or "\\u0000" in source.text
    for location, item in json_records(source):
        if isinstance(item, Exception):
            yield location, None, str(item)
            continue
        if not isinstance(item, dict):
            yield location, None, "not a JSON object"
            continue
        if damaged and any(isinstance(v, str) and "\x00" in v for v in item.values()):
            yield location, {str(k): v for k, v in item.items()}, _NUL_REASON
            continue
        keys = tuple(item)
        known = cache.get(keys)
        if known is None:
            known = cache[keys] = map_header(list(keys), options.kind, overrides)
            if not result.mapping:
                result.mapping = known.describe(options.kind)
        yield location, {f: item[keys[i]] for f, i in known.columns.items()}, None


def _check_mapping(
    mapping: Mapping,
    options: ImportOptions,
    path: Path,
    header: list[str],
    preset: Preset | None,
) -> None:
    missing = [f for f in REQUIRED[options.kind] if f not in mapping.columns]
    if "handle" in missing and options.handle:
        missing.remove("handle")
    if options.kind == "signals" and "metric" not in mapping.columns and not options.metric:
        missing.append("metric (or --metric)")
    needs_platform = options.kind in ("influencers", "posts", "spend", "signals")
    has_platform = options.platform or (preset is not None and preset.platform)
    if needs_platform and "platform" not in mapping.columns and not has_platform:
        missing.append("platform (or --platform)")
    if missing:
        if preset is not None and preset.needs and "handle" in missing:
            raise InputError(f"{path}: {preset.what}: no column for {preset.needs}")
        shown = ", ".join(repr(h) for h in header[:20])
        raise InputError(
            f"{path}: no column for {', '.join(missing)}; columns are {shown} "
            f"(use --map FIELD=COLUMN)"
        )
    dated = options.date_format is not None and _HAS_YEAR.search(options.date_format)
    if preset is not None and preset.needs_year and options.year is None and not dated:
        raise InputError(
            f"{path}: {preset.what}: its dates have no year; pass --year YEAR "
            "(the year the file was collected)"
        )
