"""One post as the files describe it, which of two sightings of it wins, and what follows from it
(sponsored, disclosed, brand named, the per-post rates). The importer, the store and the generator
all use these rules."""

from __future__ import annotations

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
