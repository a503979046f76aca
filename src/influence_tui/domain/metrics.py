"""The metric formulas of DESIGN.md §3. Unknown in, unknown (None) out; never 0 for unknown."""

from __future__ import annotations

from collections.abc import Iterable

ER_WINDOW_POSTS = 12
BRANDS_WINDOW_DAYS = 365
SATURATION_WINDOW_POSTS = 30


def engagements(likes: int | None, comments: int | None) -> int | None:
    if likes is None or comments is None:
        return None
    return likes + comments


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def engagement_rate(likes: int | None, comments: int | None, followers: int | None) -> float | None:
    return _ratio(engagements(likes, comments), followers)


def impression_rate(views: int | None, followers: int | None) -> float | None:
    return _ratio(views, followers)


def engagement_rate_by_views(
    likes: int | None, comments: int | None, views: int | None
) -> float | None:
    return _ratio(engagements(likes, comments), views)


def cost_per_engagement(cost: float | None, engaged: int | None) -> float | None:
    return _ratio(cost, engaged)


def cost_per_mille(cost: float | None, views: int | None) -> float | None:
    ratio = _ratio(cost, views)
    return None if ratio is None else ratio * 1000


def spend_share(platform_spend: float, total_spend: float) -> float | None:
    return _ratio(platform_spend, total_spend)


def cents(amount: float | None) -> float | None:
    """Money as reported: rounded to cents (sums of float costs drift: 189109.46000000002)."""
    return None if amount is None else round(amount, 2)


def median(values: Iterable[float | None]) -> float | None:
    known = sorted(v for v in values if v is not None)
    if not known:
        return None
    mid = len(known) // 2
    if len(known) % 2:
        return float(known[mid])
    return (known[mid - 1] + known[mid]) / 2


def saturation_share(sponsored_posts: int, posts: int) -> float | None:
    """Share of sponsored posts among an influencer's most recent posts (at most 30)."""
    return _ratio(sponsored_posts, posts)


METRIC_DEFINITIONS: dict[str, str] = {
    "engagements": "likes + comments",
    "ER": "engagement rate = engagements ÷ followers; influencer ER is the median of its last 12 posts",
    "IR": "impression rate = views ÷ followers; influencer IR is the median of its last 12 posts",
    "ER/views": "engagements ÷ views (the usual rate on YouTube and Snapchat)",
    "CPE": "cost per engagement = cost ÷ engagements (influencer: sum of cost ÷ sum of engagements)",
    "CPM": "cost per thousand views = cost ÷ views × 1000",
    "brands": "distinct brands of the sponsored posts in the 365 days up to the as-of date",
    "saturation": "sponsored posts ÷ all posts, over the last 30 posts",
    "spend share": "a platform's spend ÷ all spend",
}
