"""Matching a file's column names to fields, in three steps: `--map FIELD=COLUMN` overrides and a
preset's columns (ingest.presets); then exact names and aliases (case-, space-, punctuation- and
newline-insensitive); then, for the fields still unmatched, the words of the column names with
their common abbreviations (`Subs`, `No. of Followers`, `Audience country(mostly)`, `Total likes`,
`Video publish time`, …). A file with a display name but no handle column uses the name as the
handle."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from influence_tui.ingest.presets import PRESETS, Preset, named

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
        # not stored: a true cell makes the row's comment count unknown
        "comments_hidden": ("comments_hidden", "comments_disabled", "hidden_comments"),
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


# --- words ---------------------------------------------------------------------------------------
# The table below was built from the headers of public exports and datasets: Kaggle's Global
# YouTube Statistics, Top Instagram Influencers, the social media influencers lists of 2022
# ('Tiktoker name', 'Subscribers', 'Views avg.', 'Influencer insta name', 'Audience
# country(mostly)', 'Authentic engagement'), the trending-videos files, a TikTok creators sample
# ('name, sub, views, likes, comments'), YouTube Studio's and Meta Business Suite's exports
# ('Video publish time', 'Comments added', 'Account username', 'Publish time'), and TikTok exports
# parsed in public code ('Post time', 'Total likes', 'Total views', 'Add to favorites').

_WORD = re.compile(r"[a-z]+|[0-9]+|%")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
ABBREVIATIONS = {
    "subs": "subscribers", "sub": "subscribers", "subscriber": "subscribers",
    "subscribed": "subscribers", "follower": "followers", "fans": "followers",
    "fan": "followers", "flw": "followers", "fllwrs": "followers",
    "avg": "average", "mean": "average", "median": "average",
    "eng": "engagement", "engagements": "engagement", "engagment": "engagement",
    "view": "views", "plays": "views", "play": "views", "vws": "views",
    "like": "likes", "hearts": "likes", "heart": "likes", "diggs": "likes", "digg": "likes",
    "comment": "comments", "cmts": "comments", "cmt": "comments",
    "share": "shares", "reposts": "shares", "repost": "shares", "shared": "shares",
    "compartido": "shares",
    "save": "saves", "saved": "saves", "bookmarks": "saves", "favorites": "saves",
    "favourites": "saves", "collects": "saves", "guardado": "saves",
    "pct": "percent", "percentage": "percent", "%": "percent",
    "ctry": "country", "cntry": "country", "nation": "country", "nationality": "country",
    "pais": "country", "land": "country",
    "usr": "user", "uname": "username", "acct": "account", "acc": "account", "ig": "instagram",
    "insta": "instagram", "yt": "youtube", "tt": "tiktok",
    "cat": "category", "categories": "category", "niche": "category", "genre": "category",
    "vertical": "category", "topic": "category", "industry": "category",
    "desc": "description", "caption": "title", "titulo": "title",
    "publish": "published", "publication": "published", "pub": "published",
    "upload": "published", "uploaded": "published", "posting": "posted",
    "creation": "created", "create": "created", "timestamp": "time", "datetime": "time",
    "dt": "date", "fecha": "date", "hora": "time",
    "amt": "amount", "spent": "spend", "costs": "cost", "fees": "fee",
    "hide": "hidden", "hid": "hidden", "disable": "disabled", "closed": "disabled",
    "off": "disabled", "turned": "disabled",
    "rating": "ratings", "reactions": "likes", "reaction": "likes",
    "id": "id", "ids": "id", "identifier": "id", "identificador": "id",
}  # fmt: skip


def words(name: str) -> frozenset[str]:
    """The words of a column name, abbreviations spelled out: 'Avg. ER (%)' -> {average, er,
    percent}, 'subscriberCount' -> {subscribers, count}."""
    text = _CAMEL.sub(" ", str(name)).lower()
    return frozenset(ABBREVIATIONS.get(w, w) for w in _WORD.findall(text))


@dataclass(frozen=True)
class Rule:
    """A column is a candidate for a field when its words include one of `any_of`, one of
    `also` (if given) and none of `none_of`; `strong` words make it a better one."""

    any_of: frozenset[str]
    also: frozenset[str] = frozenset()
    none_of: frozenset[str] = frozenset()
    strong: frozenset[str] = frozenset()

    def score(self, found: frozenset[str]) -> int:
        if not (found & self.any_of) or (self.also and not found & self.also):
            return 0
        if found & self.none_of:
            return 0
        return 2 if found & self.strong else 1


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


# a column that is an average, a rate, a rank or a change of a metric is not the metric
_NOT_A_COUNT = _w(
    "average per rate ratio percent rank ranking change growth gained lost delta estimated "
    "expected predicted max min id url link disabled hidden enabled unique engaged returning new "
    "last daily weekly monthly 7 28 30 60 90 increase decrease duration time watch"
)
_HANDLE_STRONG = _w(
    "handle username user screen youtuber tiktoker instagrammer influencer creator blogger "
    "streamer owner"
)
_HANDLE = Rule(
    any_of=_HANDLE_STRONG | _w("account channel author profile"),
    none_of=_w(
        "id url link type category count number followers subscribers views likes rank country "
        "created age since verified bio email description picture photo image avatar rate "
        "average title caption engagement score quality"
    ),
    strong=_HANDLE_STRONG,
)
_NAME = Rule(
    any_of=_w("name display fullname nickname"),
    none_of=_HANDLE_STRONG
    | _w("campaign brand category country city video post file song track page id first last"),
    strong=_w("display fullname"),
)
_PLATFORM = Rule(any_of=_w("platform network"), none_of=_w("id url link"))
_FOLLOWERS = Rule(
    any_of=_w("followers subscribers"),
    none_of=_NOT_A_COUNT | _w("following follows fake real credibility quality audience"),
)
_COUNTRY = Rule(
    any_of=_w("country region location geo territory market"),
    none_of=_w("rank id percent share population rate count code abbreviation flag city"),
    strong=_w("country"),
)
_CATEGORY = Rule(any_of=_w("category"), none_of=_w("id rank count number percent"))
_QUALITY = Rule(any_of=_w("quality aqs"), none_of=_w("rank"))
_RATE = Rule(
    any_of=_w("engagement er"),
    also=_w("rate percent ratio er"),
    none_of=_w("rank authentic count total"),
)
_EXTERNAL_ID = Rule(
    any_of=_w("id shortcode"),
    also=_w("post video media content item publication clip reel story tweet shortcode"),
    none_of=_w("account channel user page category campaign brand creator author owner"),
)
_TITLE = Rule(
    any_of=_w("title description text message"),
    none_of=_w("id link url length count language translated channel page"),
    strong=_w("title"),
)
_POSTED = Rule(
    any_of=_w("published posted post created"),
    also=_w("date time at on day published posted"),
    none_of=_w(
        "trending snapshot scraped collected updated modified last export extracted hour "
        "weekday month year type id"
    ),
)
_SNAPSHOT = Rule(
    any_of=_w("snapshot scraped collected retrieved extracted trending observed"),
    also=_w("date time at on day"),
)


def _metric(word: str, *more: str) -> Rule:
    return Rule(any_of=frozenset((word, *more)), none_of=_NOT_A_COUNT)


_HIDDEN = _w("hidden disabled")
WORD_RULES: dict[str, dict[str, Rule]] = {
    "influencers": {
        "platform": _PLATFORM,
        "handle": _HANDLE,
        "name": _NAME,
        "followers": _FOLLOWERS,
        "country": _COUNTRY,
        "category": _CATEGORY,
        "audience_quality": _QUALITY,
        "reported_engagement_rate": _RATE,
        "snapshot_date": _SNAPSHOT,
    },
    "posts": {
        "platform": _PLATFORM,
        "handle": _HANDLE,
        "external_id": _EXTERNAL_ID,
        "campaign": Rule(any_of=_w("campaign"), none_of=_w("id budget start end")),
        "brand": Rule(any_of=_w("brand sponsor advertiser"), none_of=_w("id safety")),
        "posted_at": _POSTED,
        "snapshot_date": _SNAPSHOT,
        "title": _TITLE,
        "views": Rule(any_of=_w("views"), none_of=_NOT_A_COUNT | _w("profile page thumbnail")),
        "likes": _metric("likes"),
        "comments": _metric("comments"),
        "shares": _metric("shares"),
        "saves": _metric("saves"),
        "cost": Rule(
            any_of=_w("cost fee price payment spend"),
            none_of=_w("per cpm cpe cpc cpv average rate currency percent"),
        ),
        "sponsored": Rule(
            any_of=_w("sponsored ad paid partnership promoted branded"),
            none_of=_w("id spend cost amount fee price"),
        ),
        "likes_hidden": Rule(any_of=_w("likes ratings"), also=_HIDDEN),
        "comments_hidden": Rule(any_of=_w("comments"), also=_HIDDEN),
    },
    "spend": {
        "platform": _PLATFORM,
        "campaign": Rule(any_of=_w("campaign"), none_of=_w("id")),
        "date": Rule(any_of=_w("date day week"), none_of=_w("created updated")),
        "amount": Rule(
            any_of=_w("amount spend cost total paid"), none_of=_w("currency id per cpm")
        ),
        "currency": Rule(any_of=_w("currency ccy")),
        "note": Rule(any_of=_w("note notes memo description comments remark")),
    },
    "signals": {
        "platform": _PLATFORM,
        "date": Rule(any_of=_w("date day week")),
        "value": Rule(any_of=_w("value close price level index amount")),
    },
    "campaigns": {},
}


@dataclass
class Mapping:
    """field -> column index, and what the mapping decided."""

    columns: dict[str, int]
    header: list[str]
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    by_words: set[str] = field(default_factory=set)  # fields matched by the words of a name
    name_as_handle: bool = False
    preset: Preset | None = None

    def describe(self, kind: str) -> list[str]:
        lines = []
        if self.preset is not None:
            lines.append(f"  layout: {self.preset.what} (--preset {self.preset.name})")
        for name in FIELDS[kind]:
            index = self.columns.get(name)
            source = repr(self.header[index]) if index is not None else "(not in file)"
            if name in self.by_words:
                source += " (by its words)"
            if name == "handle" and self.name_as_handle:
                source += " (the display name: the file has no handle column)"
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


def names_a_field(kind: str) -> Callable[[list[str]], bool]:
    """Whether a row has a cell that is a field's name or alias (so it is a header, not a
    title)."""
    known = {_key(alias) for name, aliases in FIELDS[kind].items() for alias in (name, *aliases)}
    return lambda cells: any(_key(cell) in known for cell in cells)


def find_preset(header: list[str], kind: str, name: str | None = None) -> Preset | None:
    """The preset a header is written in: the one named (its signature must be there), else the
    first whose signature columns are all in the header."""
    keys = {_key(h) for h in header}
    if name is not None:
        preset = named(name)
        if preset.kind != kind:
            raise MappingError(f"--preset {name}: a layout of {preset.kind}, not of {kind}")
        missing = [c for c in preset.signature if _key(c) not in keys]
        if missing:
            raise MappingError(
                f"--preset {name}: the file has no column {', '.join(repr(c) for c in missing)}"
            )
        return preset
    for preset in PRESETS:
        if preset.kind == kind and all(_key(c) in keys for c in preset.signature):
            return preset
    return None


def map_header(
    header: list[str],
    kind: str,
    overrides: dict[str, str] | None = None,
    preset: Preset | None = None,
) -> Mapping:
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
    if preset is not None:
        for name, column in preset.columns.items():
            found = positions.get(_key(column))
            if name not in columns and found is not None:
                columns[name] = found
        taken |= set(columns.values())
        taken |= {positions[_key(c)] for c in preset.ignored if _key(c) in positions}
    for name, aliases in FIELDS[kind].items():
        if name in columns:
            continue
        for alias in (name, *aliases):
            found = positions.get(_key(alias))
            if found is not None and found not in taken:
                columns[name] = found
                taken.add(found)
                break
    by_words = _match_words(header, kind, positions, columns, taken)
    name_as_handle = False
    if "handle" in FIELDS[kind] and "handle" not in columns and preset is None:
        display = columns.get("name")
        if display is None:
            display = _best(header, positions, _NAME, taken)
        if display is not None:
            columns["handle"] = display
            taken.add(display)
            name_as_handle = True
    ignored = [h for i, h in enumerate(header) if i not in taken and positions.get(_key(h)) == i]
    return Mapping(columns, list(header), ignored, warnings, by_words, name_as_handle, preset)


def _best(header: list[str], positions: dict[str, int], rule: Rule, taken: set[int]) -> int | None:
    best, best_score = None, 0
    for index, name in enumerate(header):
        if index in taken or positions.get(_key(name)) != index:
            continue
        score = rule.score(words(name))
        if score > best_score:
            best, best_score = index, score
    return best


def _match_words(
    header: list[str],
    kind: str,
    positions: dict[str, int],
    columns: dict[str, int],
    taken: set[int],
) -> set[str]:
    """Fields still unmatched, matched by the words of the remaining column names."""
    matched = set()
    for name, rule in WORD_RULES.get(kind, {}).items():
        if name in columns:
            continue
        found = _best(header, positions, rule, taken)
        if found is not None:
            columns[name] = found
            taken.add(found)
            matched.add(name)
    return matched
