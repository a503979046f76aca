"""An influencer's numbers at an as-of date, from its posts (DESIGN.md §3). The rollups, the
report, the detail view and the generator all get these numbers from here, so each is computed
one way only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

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


def summarize_influencer(
    posts: Iterable[PostFacts | tuple[Any, ...]],
    followers: int | None,
    reported_engagement_rate: float | None,
    as_of: dt.date | str | None,
) -> InfluencerSummary:
    """`posts`: the influencer's posts up to the as-of date, newest first (PostFacts, or plain
    tuples in its field order)."""
    since = brands_since(as_of)
    count = undisclosed = unnamed = sponsored_recent = 0
    spend = engagements = views_total = None
    paid_cost = paid_engagements = viewed_cost = paid_views = None
    brands: set[str] = set()
    last_post = None
    ers: list[float] = []
    irs: list[float] = []
    ervs: list[float] = []
    # unpacked by position: this loop runs once per post of the database on a full rebuild
    for posted_at, views, likes, comments, cost, sponsored, disclosed, named, brand in posts:
        count += 1
        if last_post is None:
            last_post = posted_at
        engaged = metrics.engagements(likes, comments)
        if cost is not None:
            spend = cost if spend is None else spend + cost
            if engaged is not None:
                paid_cost = cost if paid_cost is None else paid_cost + cost
                paid_engagements = (
                    engaged if paid_engagements is None else paid_engagements + engaged
                )
            if views is not None:
                viewed_cost = cost if viewed_cost is None else viewed_cost + cost
                paid_views = views if paid_views is None else paid_views + views
        if engaged is not None:
            engagements = engaged if engagements is None else engagements + engaged
        if views is not None:
            views_total = views if views_total is None else views_total + views
        if sponsored:
            if not disclosed:
                undisclosed += 1
            if named == 0:
                unnamed += 1
            if brand is not None and posted_at > since:
                brands.add(brand_key(brand))
            if count <= metrics.SATURATION_WINDOW_POSTS:
                sponsored_recent += 1
        if count <= metrics.ER_WINDOW_POSTS:
            er = metrics.engagement_rate(likes, comments, followers)
            if er is not None:
                ers.append(er)
            ir = metrics.impression_rate(views, followers)
            if ir is not None:
                irs.append(ir)
            erv = metrics.engagement_rate_by_views(likes, comments, views)
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
