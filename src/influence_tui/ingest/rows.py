"""Parsing one row of each kind: raw cells (by field name) into the typed values the kind's
validator checks; every cell that cannot be read adds a reason to the row's errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from influence_tui.domain.models import normalize_platform
from influence_tui.ingest import values
from influence_tui.ingest.options import ImportOptions


@dataclass
class Context:
    options: ImportOptions
    currency: str
    today: dt.date = field(default_factory=dt.date.today)
    controls_removed: list[bool] = field(default_factory=list)  # one entry per cleaned value


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


def _platform(raw: dict[str, Any], ctx: Context, errors: list[str]) -> str | None:
    text = _text(raw, "platform") or ctx.options.platform
    if not text:
        errors.append("platform: missing (add a platform column or pass --platform)")
        return None
    try:
        return normalize_platform(text)
    except ValueError as exc:
        errors.append(f"platform: {exc}")
        return None


def _date(raw: dict[str, Any], name: str, ctx: Context, errors: list[str]) -> dt.date | None:
    day: dt.date | None = _field(
        errors, name, values.parse_date, raw.get(name), ctx.options.date_format, ctx.options.year
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


def _campaign(raw: dict[str, Any], ctx: Context, errors: list[str]) -> dict[str, Any]:
    return {
        "name": _text(raw, "name", ctx),
        "brand": _text(raw, "brand", ctx),
        "start_date": _date(raw, "start", ctx, errors),
        "end_date": _date(raw, "end", ctx, errors),
        "budget": _field(errors, "budget", values.parse_number, raw.get("budget")),
    }


def _post(raw: dict[str, Any], ctx: Context, errors: list[str]) -> dict[str, Any]:
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


def _spend(raw: dict[str, Any], ctx: Context, errors: list[str]) -> dict[str, Any]:
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


def _signal(raw: dict[str, Any], ctx: Context, errors: list[str]) -> dict[str, Any]:
    return {
        "platform": _platform(raw, ctx, errors),
        "metric": _text(raw, "metric", ctx) or ctx.options.metric,
        "date": _past_date(raw, "date", ctx, errors),
        "value": _field(errors, "value", values.parse_number, raw.get("value")),
    }


PARSERS: dict[str, Callable[[dict[str, Any], Context, list[str]], dict[str, Any]]] = {
    "influencers": _influencer,
    "campaigns": _campaign,
    "posts": _post,
    "spend": _spend,
    "signals": _signal,
}
