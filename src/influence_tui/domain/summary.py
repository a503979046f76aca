"""An influencer's numbers at an as-of date, from its posts (DESIGN.md §3). The rollups, the
report, the detail view and the generator all get these numbers from here, so each is computed
one way only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from influence_tui.domain import metrics
from influence_tui.domain.identity import name_key


class PostFacts(NamedTuple):
    """What the influencer numbers need of one post (posted on or before the as-of date)."""

    posted_at: str
    views: int | None
    likes: int | None
    comments: int | None
    cost: float | None
    sponsored: int
    disclosed: int | None
    brand_named: int | None
    brand: str | None


@dataclass(frozen=True)
class InfluencerSummary:
    posts: int
    engagement_rate: float | None  # median post ER, else the reported ER
    impression_rate: float | None
    er_by_views: float | None
    brands: int
    saturation: float | None
    spend: float | None
    engagements: int | None
    views: int | None
    cpe: float | None
    cpm: float | None
    undisclosed_posts: int
    brand_unnamed_posts: int
    last_post: str | None
    er_reported: bool  # the ER shown is the file's reported rate, not measured from posts


def brands_since(as_of: dt.date | str | None) -> str:
    """Sponsored posts after this date count towards 'brands' (the 365 days up to as-of)."""
    if as_of is None:
        return ""
    day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    return (day - dt.timedelta(days=metrics.BRANDS_WINDOW_DAYS)).isoformat()


def brand_key(brand: str) -> str:
    return name_key(brand)


def _add(total, value):
    """A sum that skips unknowns and is unknown when nothing was known."""
    if value is None:
        return total
    return value if total is None else total + value


def summarize_influencer(
    posts_newest_first: Iterable[PostFacts],
    followers: int | None,
    reported_engagement_rate: float | None,
    as_of: dt.date | str | None,
) -> InfluencerSummary:
    """The posts must be the influencer's posts up to the as-of date, newest first."""
    since = brands_since(as_of)
    count = undisclosed = unnamed = sponsored_recent = 0
    spend = engagements = views_total = None
    paid_cost = paid_engagements = viewed_cost = paid_views = None
    brands: set[str] = set()
    last_post = None
    ers: list[float] = []
    irs: list[float] = []
    ervs: list[float] = []
    for post in posts_newest_first:
        count += 1
        if last_post is None:
            last_post = post.posted_at
        engaged = metrics.engagements(post.likes, post.comments)
        spend = _add(spend, post.cost)
        engagements = _add(engagements, engaged)
        views_total = _add(views_total, post.views)
        if post.cost is not None and engaged is not None:
            paid_cost = _add(paid_cost, post.cost)
            paid_engagements = _add(paid_engagements, engaged)
        if post.cost is not None and post.views is not None:
            viewed_cost = _add(viewed_cost, post.cost)
            paid_views = _add(paid_views, post.views)
        if post.sponsored:
            if not post.disclosed:
                undisclosed += 1
            if post.brand_named == 0:
                unnamed += 1
            if post.brand is not None and post.posted_at > since:
                brands.add(brand_key(post.brand))
        if count <= metrics.SATURATION_WINDOW_POSTS:
            sponsored_recent += 1 if post.sponsored else 0
        if count <= metrics.ER_WINDOW_POSTS:
            er = metrics.engagement_rate(post.likes, post.comments, followers)
            if er is not None:
                ers.append(er)
            ir = metrics.impression_rate(post.views, followers)
            if ir is not None:
                irs.append(ir)
            erv = metrics.engagement_rate_by_views(post.likes, post.comments, post.views)
            if erv is not None:
                ervs.append(erv)
    measured_er = metrics.median(ers)
    return InfluencerSummary(
        posts=count,
        engagement_rate=measured_er if measured_er is not None else reported_engagement_rate,
        impression_rate=metrics.median(irs),
        er_by_views=metrics.median(ervs),
        brands=len(brands),
        saturation=(
            metrics.saturation_share(sponsored_recent, min(count, metrics.SATURATION_WINDOW_POSTS))
        ),
        spend=spend,
        engagements=engagements,
        views=views_total,
        cpe=metrics.cost_per_engagement(paid_cost, paid_engagements),
        cpm=metrics.cost_per_mille(viewed_cost, paid_views),
        undisclosed_posts=undisclosed,
        brand_unnamed_posts=unnamed,
        last_post=last_post,
        er_reported=measured_er is None and reported_engagement_rate is not None,
    )
