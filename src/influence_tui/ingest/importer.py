"""One import: read a file, map its columns, parse and validate every row in batches, upsert the
valid ones in one transaction, and account for every row (imported, or rejected with a reason)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from influence_tui.domain.identity import handle_key, name_key, post_key
from influence_tui.domain.models import ROW_ADAPTERS, normalize_platform
from influence_tui.domain.posts import PostSource
from influence_tui.ingest import values
from influence_tui.ingest.headers import (
    REQUIRED,
    Mapping,
    MappingError,
    map_header,
    parse_overrides,
)
from influence_tui.ingest.reader import (
    InputError,
    SourceFile,
    csv_records,
    json_records,
    open_source,
)
from influence_tui.store import writes
from influence_tui.store.rollups import Touched
from influence_tui.store.session import Session

BATCH_ROWS = 5000


class ImportAborted(Exception):
    """--strict and at least one row was rejected: nothing was written."""


@dataclass(frozen=True)
class ImportOptions:
    kind: str
    platform: str | None = None
    campaign: str | None = None
    metric: str | None = None
    overrides: tuple[str, ...] = ()
    date_format: str | None = None
    year: int | None = None
    dry_run: bool = False
    strict: bool = False
    input_format: str | None = None


@dataclass
class Reject:
    location: str
    reason: str
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportResult:
    kind: str
    path: str
    read: int = 0
    new: int = 0
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    mapping: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejected(self) -> int:
        return len(self.rejects)

    @property
    def imported(self) -> int:
        return self.read - self.rejected

    @property
    def updated(self) -> int:
        return self.imported - self.new

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        return (
            f"{self.kind}: read {self.read} · {verb} {self.imported} "
            f"({self.new} new, {self.updated} updated) · rejected {self.rejected}"
        )


def write_rejects(result: ImportResult, path: str | Path) -> None:
    fields = sorted({key for reject in result.rejects for key in reject.raw})
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["location", "reason", *fields])
        for reject in result.rejects:
            writer.writerow(
                [reject.location, reject.reason, *(reject.raw.get(f, "") for f in fields)]
            )


# --- parsing one row -----------------------------------------------------------------------------


@dataclass
class _Context:
    options: ImportOptions
    currency: str
    today: dt.date = field(default_factory=dt.date.today)
    controls_removed: list[bool] = field(default_factory=list)  # one entry per cleaned value


def _text(raw: dict[str, Any], name: str, ctx: _Context | None = None) -> str | None:
    value = raw.get(name)
    if value is None:  # a column the file does not have
        return None
    return values.parse_text(value, ctx.controls_removed if ctx else None)


def _field(
    errors: list[str], name: str, parse: Callable[..., Any], raw: object, *args: object
) -> Any:
    if raw is None:  # every parser reads a missing cell as unknown
        return None
    try:
        return parse(raw, *args)
    except ValueError as exc:
        errors.append(f"{name}: {exc}")
        return None


def _platform(raw: dict[str, Any], ctx: _Context, errors: list[str]) -> str | None:
    text = _text(raw, "platform") or ctx.options.platform
    if not text:
        errors.append("platform: missing (add a platform column or pass --platform)")
        return None
    try:
        return normalize_platform(text)
    except ValueError as exc:
        errors.append(f"platform: {exc}")
        return None


def _date(raw: dict[str, Any], name: str, ctx: _Context, errors: list[str]) -> dt.date | None:
    day: dt.date | None = _field(
        errors, name, values.parse_date, raw.get(name), ctx.options.date_format, ctx.options.year
    )
    return day


def _past_date(raw: dict[str, Any], name: str, ctx: _Context, errors: list[str]) -> dt.date | None:
    """A date that must not be after today: a future date is a typo or a bad export, and would
    move everyone's as-of date."""
    day = _date(raw, name, ctx, errors)
    if day is not None and day > ctx.today:
        errors.append(f"{name}: {day} is in the future (today is {ctx.today})")
        return None
    return day


def _snapshot(raw: dict[str, Any], ctx: _Context, errors: list[str]) -> dt.date:
    """When the row was seen: the file's snapshot date, else the day of the import."""
    return _past_date(raw, "snapshot_date", ctx, errors) or ctx.today


def _influencer(raw: dict[str, Any], ctx: _Context, errors: list[str]) -> dict[str, Any]:
    return {
        "platform": _platform(raw, ctx, errors),
        "handle": _text(raw, "handle", ctx),
        "name": _text(raw, "name", ctx),
        "followers": _field(errors, "followers", values.parse_count, raw.get("followers")),
        "country": _text(raw, "country", ctx),
        "category": _text(raw, "category", ctx),
        "compensation": (_text(raw, "compensation") or "").lower() or None,
        "audience_quality": _field(
            errors, "audience_quality", values.parse_number, raw.get("audience_quality")
        ),
        "reported_engagement_rate": _field(
            errors, "engagement_rate", values.parse_rate, raw.get("reported_engagement_rate")
        ),
        "provenance": (_text(raw, "provenance") or "imported").lower(),
        "snapshot_date": _snapshot(raw, ctx, errors),
    }


def _campaign(raw: dict[str, Any], ctx: _Context, errors: list[str]) -> dict[str, Any]:
    return {
        "name": _text(raw, "name", ctx),
        "brand": _text(raw, "brand", ctx),
        "start_date": _date(raw, "start", ctx, errors),
        "end_date": _date(raw, "end", ctx, errors),
        "budget": _field(errors, "budget", values.parse_number, raw.get("budget")),
    }


def _post(raw: dict[str, Any], ctx: _Context, errors: list[str]) -> dict[str, Any]:
    likes_hidden = _field(errors, "likes_hidden", values.parse_bool, raw.get("likes_hidden"))
    cost, currency = _field(errors, "cost", values.parse_money, raw.get("cost")) or (None, None)
    if currency and currency != ctx.currency:
        errors.append(f"cost: in {currency}, but this database keeps money in {ctx.currency}")
    return {
        "platform": _platform(raw, ctx, errors),
        "handle": _text(raw, "handle", ctx),
        "external_id": _text(raw, "external_id", ctx),
        "campaign": _text(raw, "campaign", ctx) or ctx.options.campaign,
        "brand": _text(raw, "brand", ctx),
        "posted_at": _past_date(raw, "posted_at", ctx, errors),
        "snapshot_date": _snapshot(raw, ctx, errors),
        "title": _text(raw, "title", ctx),
        "views": _field(errors, "views", values.parse_count, raw.get("views")),
        "likes": None
        if likes_hidden
        else _field(errors, "likes", values.parse_count, raw.get("likes")),
        "comments": _field(errors, "comments", values.parse_count, raw.get("comments")),
        "shares": _field(errors, "shares", values.parse_count, raw.get("shares")),
        "saves": _field(errors, "saves", values.parse_count, raw.get("saves")),
        "cost": cost,
        "sponsored": _field(errors, "sponsored", values.parse_bool, raw.get("sponsored")),
        "likes_hidden": bool(likes_hidden),
        "provenance": (_text(raw, "provenance") or "imported").lower(),
    }


def _spend(raw: dict[str, Any], ctx: _Context, errors: list[str]) -> dict[str, Any]:
    amount, symbol = _field(errors, "amount", values.parse_money, raw.get("amount")) or (None, None)
    currency = (_text(raw, "currency") or symbol or ctx.currency).upper()
    if symbol and symbol != currency:
        errors.append(f"amount: written in {symbol} but the currency column says {currency}")
    elif currency != ctx.currency:
        errors.append(f"currency: {currency}, but this database keeps money in {ctx.currency}")
    return {
        "platform": _platform(raw, ctx, errors),
        "campaign": _text(raw, "campaign", ctx) or ctx.options.campaign,
        "date": _past_date(raw, "date", ctx, errors),
        "amount": amount,
        "currency": currency,
        "note": _text(raw, "note", ctx),
    }


def _signal(raw: dict[str, Any], ctx: _Context, errors: list[str]) -> dict[str, Any]:
    return {
        "platform": _platform(raw, ctx, errors),
        "metric": _text(raw, "metric", ctx) or ctx.options.metric,
        "date": _past_date(raw, "date", ctx, errors),
        "value": _field(errors, "value", values.parse_number, raw.get("value")),
    }


_PARSERS = {
    "influencers": _influencer,
    "campaigns": _campaign,
    "posts": _post,
    "spend": _spend,
    "signals": _signal,
}


# --- reading records -----------------------------------------------------------------------------


def _raw_records(
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


# --- writing -------------------------------------------------------------------------------------


class _Writer:
    """Per-kind upserts with the lookups they need, cached across batches."""

    def __init__(self, session: Session, options: ImportOptions, touched: Touched):
        self.db = session.db
        self.options = options
        self.touched = touched
        self.campaigns = writes.campaign_ids(self.db)
        self.influencers: dict[tuple[str, str], tuple[int, int | None]] = {}

    def campaign(self, name: str | None, brand: str | None) -> int | None:
        """The campaign's id, created (with this brand) when the file names a new one."""
        if not name:
            return None
        found = self.campaigns.get(name_key(name))
        if found is None:
            found = self.campaigns[name_key(name)] = writes.ensure_campaign(self.db, name, brand)
        return found

    def write(self, rows: list[dict[str, Any]]) -> int:
        kind = self.options.kind
        if kind == "influencers":
            for row in rows:
                row["snapshot_date"] = row["snapshot_date"].isoformat()
            return writes.upsert_influencers(self.db, rows, self.touched)
        if kind == "campaigns":
            return writes.upsert_campaigns(self.db, rows, self.touched)
        if kind == "spend":
            for row in rows:
                row["campaign_id"] = self.campaign(row.pop("campaign"), None)
                row["date"] = row["date"].isoformat()
            return writes.upsert_spend(self.db, rows, self.touched)
        if kind == "signals":
            for row in rows:
                row["date"] = row["date"].isoformat()
            return writes.upsert_signals(self.db, rows, self.touched)
        return self._posts(rows)

    def _influencer_ids(self, rows: list[dict[str, Any]]) -> list[tuple[int, int | None]]:
        keys = [(r["platform"], handle_key(r["handle"])) for r in rows]
        wanted = set(keys) - self.influencers.keys()
        if wanted:
            self.influencers.update(writes.influencer_lookup(self.db, wanted))
            unknown = {
                key: r["handle"]
                for key, r in zip(keys, rows, strict=True)
                if key not in self.influencers
            }
            if unknown:
                writes.create_unknown_influencers(self.db, unknown, self.touched)
                self.influencers.update(writes.influencer_lookup(self.db, set(unknown)))
        return [self.influencers[key] for key in keys]

    def _posts(self, rows: list[dict[str, Any]]) -> int:
        posts = []
        for r, (influencer_id, _) in zip(rows, self._influencer_ids(rows), strict=True):
            campaign_id = self.campaign(r["campaign"], r["brand"])
            posted_at = r["posted_at"].isoformat()
            posts.append(
                PostSource(
                    influencer_id=influencer_id,
                    campaign_id=campaign_id,
                    platform=r["platform"],
                    post_key=post_key(r["external_id"], r["handle"], posted_at, r["title"]),
                    external_id=r["external_id"],
                    given_brand=r["brand"],
                    posted_at=posted_at,
                    snapshot_date=r["snapshot_date"].isoformat(),
                    title=r["title"],
                    views=r["views"],
                    likes=r["likes"],
                    comments=r["comments"],
                    shares=r["shares"],
                    saves=r["saves"],
                    cost=r["cost"],
                    given_sponsored=None if r["sponsored"] is None else int(r["sponsored"]),
                    likes_hidden=int(r["likes_hidden"]),
                    provenance=r["provenance"],
                )
            )
        return writes.upsert_posts(self.db, posts, self.touched)


# --- the import ----------------------------------------------------------------------------------


_BOUNDS = {
    "greater_than_equal": "is below",
    "greater_than": "must be above",
    "less_than_equal": "is above",
    "less_than": "must be below",
}


def _validate(
    kind: str, batch: list[tuple[str, dict[str, Any], dict[str, Any]]], result: ImportResult
) -> list[dict[str, Any]]:
    """Validate a batch with the kind's TypeAdapter; invalid rows become rejects."""
    adapter = ROW_ADAPTERS[kind]
    typed = [row for _, row, _ in batch]
    try:
        checked: list[dict[str, Any]] = adapter.validate_python(typed)
        return checked
    except ValidationError as exc:
        reasons: dict[int, list[str]] = {}
        for err in exc.errors():
            loc = err["loc"]
            index = int(loc[0])  # the row's place in the batch
            name = ".".join(str(p) for p in loc[1:2]) or "row"
            message = str(err["msg"]).removeprefix("Value error, ")
            if err["type"] in _BOUNDS:
                message = (
                    f"{err['input']!r} {_BOUNDS[err['type']]} {next(iter(err['ctx'].values()))}"
                )
            if err["type"] == "missing" or (err["input"] is None and "none" not in message.lower()):
                message = "missing"
            reasons.setdefault(index, []).append(f"{name}: {message}")
        valid = []
        for index, (location, row, raw) in enumerate(batch):
            if index in reasons:
                result.rejects.append(Reject(location, "; ".join(reasons[index]), _printable(raw)))
            else:
                valid.append(row)
        checked = adapter.validate_python(valid)
        return checked


def run_import(session: Session, path: str | Path, options: ImportOptions) -> ImportResult:
    """Import one file in one transaction. Raises InputError / MappingError for a file that cannot
    be read (nothing written) and ImportAborted under --strict."""
    source = open_source(path, options.input_format)
    result = ImportResult(options.kind, str(path), dry_run=options.dry_run)
    result.warnings += source.warnings
    overrides = parse_overrides(options.overrides, options.kind)
    ctx = _Context(options, writes.database_currency(session.db), today=session.today)
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
    ctx: _Context,
    result: ImportResult,
    touched: Touched,
) -> None:
    parse = _PARSERS[options.kind]
    writer = _Writer(session, options, touched)
    batch: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    odd: list[str] = []  # locations of rows that are valid but look wrong
    cleaned: list[str] = []  # locations of rows whose text had control characters

    def flush() -> None:
        valid = _validate(options.kind, batch, result)
        if valid:
            result.new += writer.write(valid)
        batch.clear()

    for location, raw, problem in _raw_records(source, options, overrides, result):
        result.read += 1
        if problem is not None or raw is None:
            result.rejects.append(Reject(location, problem or "unreadable", _printable(raw or {})))
            continue
        errors: list[str] = []
        cleaned_before = len(ctx.controls_removed)
        row = parse(raw, ctx, errors)
        if len(ctx.controls_removed) > cleaned_before:
            cleaned.append(location)
        if errors:
            result.rejects.append(Reject(location, "; ".join(errors), _printable(raw)))
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
    if result.read == 0:
        raise InputError(f"{source.path}: has a header but no rows")
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


def _printable(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: "" if v is None else str(v) for k, v in raw.items()}


__all__ = ["ImportAborted", "ImportOptions", "ImportResult", "InputError", "MappingError"]
