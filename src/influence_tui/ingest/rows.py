"""Parsing one row of each kind: raw cells (by field name) into the typed values the kind's
validator checks; every cell that cannot be read adds a reason to the row's errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from influence_tui.domain.identity import clean_handle
from influence_tui.domain.platform_names import PlatformNames
from influence_tui.ingest import values
from influence_tui.ingest.options import ImportOptions


@dataclass
class Context:
    options: ImportOptions
    currency: str
    today: dt.date = field(default_factory=dt.date.today)
    controls_removed: list[bool] = field(default_factory=list)  # one entry per cleaned value
    platforms: PlatformNames = field(default_factory=PlatformNames)
    platform: str | None = None  # of every row without a platform cell (--platform, a preset)
    european: set[str] = field(default_factory=set)  # fields whose column is written 1.234,5
    percent: set[str] = field(default_factory=set)  # rate fields whose column is in percent
    percent_read: int = 0  # bare rate cells read as percent
    date_formats: dict[str, str] = field(default_factory=dict)  # a preset's, by field
    _platform_of: dict[str, str | ValueError] = field(default_factory=dict)

    def platform_of(self, text: str) -> str:
        """A platform name resolved through the registry, once per distinct spelling."""
        found = self._platform_of.get(text)
        if found is None:
            try:
                found = self.platforms.resolve(text)
            except ValueError as exc:
                found = exc
            self._platform_of[text] = found
        if isinstance(found, ValueError):
            raise found
        return found


def _text(raw: dict[str, Any], name: str, ctx: Context | None = None) -> str | None:
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


def _number(
    errors: list[str], name: str, parse: Callable[..., Any], raw: dict[str, Any], ctx: Context
) -> Any:
    """A number cell, read the European way when its column is written so."""
    value = raw.get(name)
    if value is None:
        return None
    try:
        return parse(value, True) if name in ctx.european else parse(value)
    except ValueError as exc:
        errors.append(f"{name}: {exc}")
        return None


def _rate(raw: dict[str, Any], name: str, ctx: Context, errors: list[str]) -> float | None:
    """A rate as a fraction; in a column written in percent, a bare 3.4 is 3.4%."""
    value = raw.get(name)
    if value is None:
        return None
    percent = name in ctx.percent
    try:
        rate = values.parse_rate(value, name in ctx.european, percent=percent)
    except ValueError as exc:
        errors.append(f"engagement_rate: {exc}")
        return None
    if percent and rate is not None and not str(value).strip().endswith("%"):
        ctx.percent_read += 1
    return rate


def _handle(raw: dict[str, Any], ctx: Context) -> str | None:
    """The handle as shown, without a leading '@' (a handle that is only '@' is missing)."""
    text = _text(raw, "handle", ctx) or ctx.options.handle
    return (clean_handle(text) or None) if text else None


def _platform(raw: dict[str, Any], ctx: Context, errors: list[str]) -> str | None:
    text = _text(raw, "platform") or ctx.platform
    if not text:
        errors.append("platform: missing (add a platform column or pass --platform)")
        return None
    try:
        return ctx.platform_of(text)
    except ValueError as exc:
        errors.append(f"platform: {exc}")
        return None


def _date(raw: dict[str, Any], name: str, ctx: Context, errors: list[str]) -> dt.date | None:
    fmt = ctx.options.date_format or ctx.date_formats.get(name)
    day: dt.date | None = _field(
        errors, name, values.parse_date, raw.get(name), fmt, ctx.options.year
    )
    return day


def _past_date(raw: dict[str, Any], name: str, ctx: Context, errors: list[str]) -> dt.date | None:
    """A date that must not be after today: a future date is a typo or a bad export, and would
    move everyone's as-of date."""
    day = _date(raw, name, ctx, errors)
    if day is not None and day > ctx.today:
        errors.append(f"{name}: {day} is in the future (today is {ctx.today})")
        return None
    return day


def _snapshot(raw: dict[str, Any], ctx: Context, errors: list[str]) -> dt.date:
    """When the row was seen: the file's snapshot date, else the day of the import."""
    return _past_date(raw, "snapshot_date", ctx, errors) or ctx.today


def _influencer(raw: dict[str, Any], ctx: Context, errors: list[str]) -> dict[str, Any]:
    return {
        "platform": _platform(raw, ctx, errors),
        "handle": _handle(raw, ctx),
        "name": _text(raw, "name", ctx),
        "followers": _number(errors, "followers", values.parse_count, raw, ctx),
        "country": _text(raw, "country", ctx),
        "category": _text(raw, "category", ctx),
        "compensation": (_text(raw, "compensation") or "").lower() or None,
        "audience_quality": _number(errors, "audience_quality", values.parse_number, raw, ctx),
        "reported_engagement_rate": _rate(raw, "reported_engagement_rate", ctx, errors),
        "provenance": (_text(raw, "provenance") or "imported").lower(),
        "snapshot_date": _snapshot(raw, ctx, errors),
    }


def _campaign(raw: dict[str, Any], ctx: Context, errors: list[str]) -> dict[str, Any]:
    return {
        "name": _text(raw, "name", ctx),
        "brand": _text(raw, "brand", ctx),
        "start_date": _date(raw, "start", ctx, errors),
        "end_date": _date(raw, "end", ctx, errors),
        "budget": _number(errors, "budget", values.parse_number, raw, ctx),
    }


def _post(raw: dict[str, Any], ctx: Context, errors: list[str]) -> dict[str, Any]:
    eu = ctx.european  # (the hot path of a large import: the parsers are called directly)
    count = values.parse_count
    likes_hidden = _field(errors, "likes_hidden", values.parse_bool, raw.get("likes_hidden"))
    comments_hidden = (
        _field(errors, "comments_hidden", values.parse_bool, raw.get("comments_hidden"))
        if "comments_hidden" in raw
        else None
    )
    cost, currency = _number(errors, "cost", values.parse_money, raw, ctx) or (None, None)
    if currency and currency != ctx.currency:
        errors.append(f"cost: in {currency}, but this database keeps money in {ctx.currency}")
    return {
        "platform": _platform(raw, ctx, errors),
        "handle": _handle(raw, ctx),
        "external_id": _text(raw, "external_id", ctx),
        "campaign": _text(raw, "campaign", ctx) or ctx.options.campaign,
        "brand": _text(raw, "brand", ctx),
        "posted_at": _past_date(raw, "posted_at", ctx, errors),
        "snapshot_date": _snapshot(raw, ctx, errors),
        "title": _text(raw, "title", ctx),
        "views": _field(errors, "views", count, raw.get("views"), "views" in eu),
        # a hidden or disabled metric is unknown on that row, not 0
        "likes": None
        if likes_hidden
        else _field(errors, "likes", count, raw.get("likes"), "likes" in eu),
        "comments": None
        if comments_hidden
        else _field(errors, "comments", count, raw.get("comments"), "comments" in eu),
        "shares": _field(errors, "shares", count, raw.get("shares"), "shares" in eu),
        "saves": _field(errors, "saves", count, raw.get("saves"), "saves" in eu),
        "cost": cost,
        "sponsored": _field(errors, "sponsored", values.parse_bool, raw.get("sponsored")),
        "likes_hidden": bool(likes_hidden),
        "provenance": (_text(raw, "provenance") or "imported").lower(),
    }


def _spend(raw: dict[str, Any], ctx: Context, errors: list[str]) -> dict[str, Any]:
    amount, symbol = _number(errors, "amount", values.parse_money, raw, ctx) or (None, None)
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


def _signal(raw: dict[str, Any], ctx: Context, errors: list[str]) -> dict[str, Any]:
    return {
        "platform": _platform(raw, ctx, errors),
        "metric": _text(raw, "metric", ctx) or ctx.options.metric,
        "date": _past_date(raw, "date", ctx, errors),
        "value": _number(errors, "value", values.parse_number, raw, ctx),
    }


PARSERS: dict[str, Callable[[dict[str, Any], Context, list[str]], dict[str, Any]]] = {
    "influencers": _influencer,
    "campaigns": _campaign,
    "posts": _post,
    "spend": _spend,
    "signals": _signal,
}
