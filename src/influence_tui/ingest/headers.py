"""Matching a file's column names to fields: case-, space- and newline-insensitive, with aliases
and `--map FIELD=COLUMN` overrides."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NON_WORD = re.compile(r"[^0-9a-z]+")

SNAPSHOT_ALIASES = (
    "snapshot",
    "snapshot_at",
    "as_of",
    "seen_at",
    "scraped_at",
    "collected_at",
    "retrieved_at",
    "observed_at",
    "date",
)

FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "influencers": {
        "platform": ("platform", "network", "social_network", "site"),
        "handle": (
            "handle",
            "username",
            "user_name",
            "user",
            "account",
            "channel_info",
            "channel",
            "channel_title",
            "youtuber",
            "creator",
            "influencer",
            "screen_name",
            "instagram_handle",
        ),
        "name": ("name", "display_name", "full_name", "channel_name", "title"),
        "followers": (
            "followers",
            "follower_count",
            "followers_count",
            "subscribers",
            "subscriber_count",
            "subs",
            "fans",
        ),
        "country": ("country", "country_name", "location", "region"),
        "category": ("category", "channel_type", "niche", "genre", "vertical"),
        "compensation": ("compensation", "pay_type", "payment", "deal_type"),
        "audience_quality": ("audience_quality", "audience_quality_score", "aqs"),
        "reported_engagement_rate": (
            "engagement_rate",
            "eng_rate",
            "er",
            "60_day_eng_rate",
            "avg_engagement_rate",
        ),
        "provenance": ("provenance", "source_type"),
        "snapshot_date": SNAPSHOT_ALIASES,
    },
    "campaigns": {
        "name": ("name", "campaign", "campaign_name"),
        "brand": ("brand", "brand_name", "advertiser", "client"),
        "start": ("start", "start_date", "starts", "begin"),
        "end": ("end", "end_date", "ends", "finish"),
        "budget": ("budget", "total_budget"),
    },
    "posts": {
        "platform": ("platform", "network", "social_network", "site"),
        "handle": (
            "handle",
            "username",
            "user_name",
            "account",
            "channel_title",
            "channel",
            "youtuber",
            "creator",
            "influencer",
            "author",
            "screen_name",
        ),
        "external_id": ("external_id", "post_id", "video_id", "media_id", "shortcode", "id"),
        "campaign": ("campaign", "campaign_name"),
        "brand": ("brand", "brand_name", "sponsor", "advertiser"),
        # a publishing date first; a bare "date" or a trending date only when there is none
        "posted_at": (
            "posted_at",
            "posted",
            "post_date",
            "published_at",
            "publish_time",
            "publish_date",
            "upload_date",
            "created_at",
            "timestamp",
            "date",
            "trending_date",
        ),
        # when the row was seen: the latest snapshot of a post wins
        "snapshot_date": ("trending_date", *SNAPSHOT_ALIASES),
        "title": ("title", "caption", "text", "post_title", "video_title"),
        "views": ("views", "view_count", "video_views", "plays", "play_count"),
        "likes": ("likes", "like_count", "likes_count"),
        "comments": ("comments", "comment_count", "comments_count", "comment_total"),
        "shares": ("shares", "share_count", "shares_count"),
        "saves": ("saves", "save_count", "saves_count"),
        "cost": ("cost", "fee", "price", "paid", "payment"),
        "sponsored": ("sponsored", "is_sponsored", "paid_post", "ad"),
        "likes_hidden": ("likes_hidden", "hidden_likes", "hide_likes"),
        "provenance": ("provenance", "source_type"),
    },
    "spend": {
        "platform": ("platform", "network", "channel"),
        "campaign": ("campaign", "campaign_name"),
        "date": ("date", "week", "week_start", "day", "spend_date"),
        "amount": ("amount", "spend", "cost", "value", "total"),
        "currency": ("currency", "ccy", "currency_code"),
        "note": ("note", "notes", "memo", "description", "comment"),
    },
    "signals": {
        "platform": ("platform", "network"),
        "metric": ("metric", "signal", "series", "name"),
        "date": ("date", "day", "week"),
        "value": ("value", "close", "price", "amount"),
    },
}
KINDS = tuple(FIELDS)
REQUIRED: dict[str, tuple[str, ...]] = {
    "influencers": ("handle",),
    "campaigns": ("name",),
    "posts": ("handle", "posted_at"),
    "spend": ("date", "amount"),
    "signals": ("date", "value"),
}


def normalize_header(name: str) -> str:
    return _NON_WORD.sub("_", str(name).strip().lower()).strip("_")


def _key(name: str) -> str:
    """What two column names must share to be the same name: case, spaces, line breaks and
    punctuation do not count, so `Followers`, ` FOLLOWERS \n`, `Fol\nlowers` (a cell wrapped in a
    spreadsheet) and `follower_count` / `Follower Count` match."""
    return _NON_WORD.sub("", str(name).lower())


@dataclass
class Mapping:
    """field -> column index, and what the mapping decided."""

    columns: dict[str, int]
    header: list[str]
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def describe(self, kind: str) -> list[str]:
        lines = []
        for name in FIELDS[kind]:
            index = self.columns.get(name)
            source = repr(self.header[index]) if index is not None else "(not in file)"
            lines.append(f"  {name:<26} ← {source}")
        if self.ignored:
            lines.append("  ignored columns: " + ", ".join(repr(c) for c in self.ignored))
        return lines


class MappingError(ValueError):
    pass


def parse_overrides(pairs: tuple[str, ...] | list[str], kind: str) -> dict[str, str]:
    overrides: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        name = normalize_header(name)
        if not sep or not column.strip():
            raise MappingError(f"--map {pair!r}: expected FIELD=COLUMN")
        if name not in FIELDS[kind]:
            raise MappingError(
                f"--map {pair!r}: {kind} have no field {name!r} (fields: {', '.join(FIELDS[kind])})"
            )
        overrides[name] = column
    return overrides


def map_header(header: list[str], kind: str, overrides: dict[str, str] | None = None) -> Mapping:
    warnings: list[str] = []
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _key(name)
        if key in positions:
            warnings.append(
                f"column {name!r} appears twice; using the first (column {positions[key] + 1})"
            )
            continue
        positions[key] = index
    columns: dict[str, int] = {}
    for name, column in (overrides or {}).items():
        key = _key(column)
        if key not in positions:
            raise MappingError(
                f"--map {name}={column}: no column {column!r} in the file "
                f"(columns: {', '.join(repr(h) for h in header[:30])})"
            )
        columns[name] = positions[key]
    taken = set(columns.values())
    for name, aliases in FIELDS[kind].items():
        if name in columns:
            continue
        for alias in (name, *aliases):
            found = positions.get(_key(alias))
            if found is not None and found not in taken:
                columns[name] = found
                taken.add(found)
                break
    ignored = [h for i, h in enumerate(header) if i not in taken and positions.get(_key(h)) == i]
    return Mapping(columns, list(header), ignored, warnings)
