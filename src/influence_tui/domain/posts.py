"""One post as the files describe it, which of two sightings of it wins, and what follows from it
(sponsored, disclosed, brand named, the per-post rates). The importer, the store and the generator
all use these rules."""

from __future__ import annotations

import re
from typing import NamedTuple

from influence_tui.domain import metrics
from influence_tui.domain.flags import has_disclosure, names_brand


class PostSource(NamedTuple):
    """What the files said of a post (each field is a column of the posts table); the rest is
    derived from these and its campaign, and stored beside them (PostDerived)."""

    influencer_id: int
    campaign_id: int | None
    platform: str
    post_key: str
    external_id: str | None
    given_brand: str | None  # the brand the file named; None: its campaign's, if any
    posted_at: str
    snapshot_date: str
    title: str | None
    views: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    saves: int | None
    cost: float | None
    given_sponsored: int | None  # None: the file did not say; decided by its campaign or brand
    likes_hidden: int
    provenance: str


class PostDerived(NamedTuple):
    """The stored columns that follow from a post's source values and its campaign's brand."""

    brand: str | None
    sponsored: int
    disclosed: int | None
    brand_named: int | None
    engagement_rate: float | None
    impression_rate: float | None
    cpe: float | None
    cpm: float | None


# a newer sighting that does not know these keeps what an older one knew
_KEPT_WHEN_UNKNOWN = (
    "campaign_id",
    "given_brand",
    "title",
    "cost",
    "external_id",
    "given_sponsored",
)


def is_newer(a: PostSource, b: PostSource) -> bool:
    """Whether sighting `a` replaces `b`: the later snapshot date wins, then the later posting
    date (one file's rows of a trending video), then `a` (the later row or import)."""
    return (a.snapshot_date, a.posted_at) >= (b.snapshot_date, b.posted_at)


def merge(stored: PostSource, incoming: PostSource) -> PostSource:
    """The post after `incoming` is seen: the numbers of the latest sighting, whatever the order,
    with what only the other sighting knew filled in."""
    newer, older = (incoming, stored) if is_newer(incoming, stored) else (stored, incoming)
    filled = {
        name: getattr(older, name) for name in _KEPT_WHEN_UNKNOWN if getattr(newer, name) is None
    }
    return newer._replace(**filled) if filled else newer


def derive(post: PostSource, followers: int | None, campaign_brand: str | None) -> PostDerived:
    brand = post.given_brand or campaign_brand
    sponsored = (
        post.given_sponsored
        if post.given_sponsored is not None
        else int(bool(post.campaign_id or brand))
    )
    named = names_brand(post.title, campaign_brand or brand) if sponsored else None
    engaged = metrics.engagements(post.likes, post.comments)
    return PostDerived(
        brand=brand,
        sponsored=int(bool(sponsored)),
        disclosed=int(has_disclosure(post.title)) if sponsored else None,
        brand_named=None if named is None else int(named),
        engagement_rate=metrics.engagement_rate(post.likes, post.comments, followers),
        impression_rate=metrics.impression_rate(post.views, followers),
        cpe=metrics.cost_per_engagement(post.cost, engaged),
        cpm=metrics.cost_per_mille(post.cost, post.views),
    )


# --- a post's flags -------------------------------------------------------------------------------
# Each flag is one bit of a number the store keeps beside the post (an indexed generated column,
# store/schema.py), so the posts can be filtered and sorted by flag: the more serious flags are
# the higher bits, so sorting by flags, descending, puts undisclosed posts first.
POST_FLAG_BITS: dict[str, int] = {
    "undisclosed": 16,
    "brand-unnamed": 8,
    "sponsored": 4,
    "likes-hidden": 2,
    "estimated": 1,
}
POST_FLAG_ORDER = tuple(POST_FLAG_BITS)

POST_FLAG_DEFINITIONS: dict[str, str] = {
    "undisclosed": (
        "a sponsored post without #ad, #sponsored, #partner, 'paid partnership' or 'ad:'"
    ),
    "brand-unnamed": "a sponsored post whose title or caption never names its brand",
    "sponsored": "a paid post: it belongs to a campaign, names a sponsoring brand, or says so",
    "likes-hidden": "the creator hid the like count, so likes and the rates that need them are unknown",
    "estimated": "its numbers are estimated, not measured",
}


def post_flag_bits(
    sponsored: int | bool,
    disclosed: int | bool | None,
    brand_named: int | bool | None,
    likes_hidden: int | bool,
    provenance: str | None,
) -> int:
    """The post's flags as bits of POST_FLAG_BITS. An unknown disclosure of a sponsored post
    counts as undisclosed; an unknown brand mention (no brand to name) is not brand-unnamed."""
    bits = 0
    if sponsored:
        bits |= POST_FLAG_BITS["sponsored"]
        if not disclosed:
            bits |= POST_FLAG_BITS["undisclosed"]
        if brand_named is not None and not brand_named:
            bits |= POST_FLAG_BITS["brand-unnamed"]
    if likes_hidden:
        bits |= POST_FLAG_BITS["likes-hidden"]
    if provenance == "estimated":
        bits |= POST_FLAG_BITS["estimated"]
    return bits


def post_flags(bits: int) -> tuple[str, ...]:
    """The flag names of `bits`, most serious first."""
    return tuple(name for name, bit in POST_FLAG_BITS.items() if bits & bit)


def flag_values(flag: str) -> tuple[int, ...]:
    """Every flag number that has `flag` (what a filter on it matches, as an indexed IN list)."""
    bit = POST_FLAG_BITS[flag]
    return tuple(value for value in range(2 * max(POST_FLAG_BITS.values())) if value & bit)


def post_flag_reasons(
    bits: int, title: str | None, brand: str | None, campaign_brand: str | None
) -> dict[str, str]:
    """Flag name -> why, for one post."""
    named = campaign_brand or brand
    reasons = {
        "undisclosed": (
            "sponsored, but the title has no disclosure marker (#ad, #sponsored, #partner, "
            "'paid partnership', 'ad:')"
        ),
        "brand-unnamed": f"sponsored by {named or 'a brand'}, but the title never names it",
        "sponsored": (
            f"a paid post for {named}" if named else "a paid post (the file says it is sponsored)"
        ),
        "likes-hidden": "the creator hid the like count: likes, ER and CPE are unknown",
        "estimated": "its numbers are estimated, not measured",
    }
    if title is None:
        reasons["undisclosed"] = "sponsored, and it has no title or caption to disclose it"
    return {flag: reasons[flag] for flag in post_flags(bits)}


# Links made from a platform's own post id, when the id has the shape that platform uses.
_LINKS = {
    "youtube": (re.compile(r"[A-Za-z0-9_-]{11}"), "https://www.youtube.com/watch?v={id}"),
    "instagram": (re.compile(r"[A-Za-z0-9_-]{6,40}"), "https://www.instagram.com/p/{id}/"),
    "tiktok": (re.compile(r"[0-9]{8,25}"), "https://www.tiktok.com/@{handle}/video/{id}"),
    "x": (re.compile(r"[0-9]{5,25}"), "https://x.com/{handle}/status/{id}"),
    "twitter": (re.compile(r"[0-9]{5,25}"), "https://x.com/{handle}/status/{id}"),
}
_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+")
_HANDLE = re.compile(r"[A-Za-z0-9_.]{1,40}")


def post_link(platform: str, external_id: str | None, handle: str | None = None) -> str | None:
    """The post's address: its id when the id is a URL, else one made from a platform id of the
    usual shape (a YouTube video id → https://www.youtube.com/watch?v=ID); None when the data
    has no usable id (an id of another shape is never guessed into a link)."""
    if not external_id:
        return None
    external_id = external_id.strip()
    if _URL.fullmatch(external_id):
        return external_id
    rule = _LINKS.get(platform.casefold())
    if rule is None or not rule[0].fullmatch(external_id):
        return None
    clean_handle = (handle or "").strip().lstrip("@")
    if "{handle}" in rule[1] and not _HANDLE.fullmatch(clean_handle):
        return None
    return rule[1].format(id=external_id, handle=clean_handle)
