"""The roster as a window: its filter, its whitelisted sorts, the report's walk of it, and one row."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from influence_tui.domain.tiers import SCHEMES
from influence_tui.store import search
from influence_tui.store.lookups import dict_rows
from influence_tui.store.paging import WindowQuery
from influence_tui.store.search import like_pattern

ROSTER_SORTS = {
    "handle": "handle_key",
    "platform": "platform",
    "tier": "followers",
    "followers": "followers",
    "engagement_rate": "engagement_rate",
    "impression_rate": "impression_rate",
    "brands": "brands",
    "spend": "spend",
    "cpe": "cpe",
}


@dataclass(frozen=True)
class RosterFilter:
    text: str = ""
    platform: str | None = None
    min_followers: int | None = None
    max_followers: int | None = None  # exclusive
    campaign_id: int | None = None
    flag: str | None = None
    decision: str | None = None  # only with a campaign: decisions belong to one
    large_campaign: bool = False  # walk the sort index and probe membership, not list members


def flags_column(tier_scheme: str) -> str:
    if tier_scheme not in SCHEMES:
        raise ValueError(f"unknown tier scheme {tier_scheme!r}")
    return f"flags_{tier_scheme}"


def roster_query(f: RosterFilter, tier_scheme: str = "seed") -> WindowQuery:
    flags = flags_column(tier_scheme)
    where: list[str] = []
    params: list[Any] = []
    if f.text:
        pattern = like_pattern(f.text)
        # the handle is matched on its key, so 'élodie' finds 'ÉLODIE' (LIKE folds ASCII only)
        where.append(
            "(handle_key LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' "
            "OR country LIKE ? ESCAPE '\\')"
        )
        params += [like_pattern(search.handle_prefix(f.text)), pattern, pattern]
    if f.platform:
        where.append("platform = ?")
        params.append(f.platform)
    if f.min_followers is not None:
        where.append("followers >= ?")
        params.append(f.min_followers)
    if f.max_followers is not None:
        where.append("followers < ?")
        params.append(f.max_followers)
    source = "roster"
    review = "NULL AS decision, NULL AS note, NULL AS reviewer"
    if f.campaign_id is not None:
        campaign_id = int(f.campaign_id)
        if f.large_campaign:
            where.append(
                "EXISTS (SELECT 1 FROM influencer_campaigns m WHERE m.campaign_id = ? "
                "AND m.influencer_id = roster.influencer_id)"
            )
        else:
            where.append(
                "roster.influencer_id IN "
                "(SELECT influencer_id FROM influencer_campaigns WHERE campaign_id = ?)"
            )
        params.append(campaign_id)
        source = (
            f"roster LEFT JOIN decisions d ON d.campaign_id = {campaign_id} "
            "AND d.influencer_id = roster.influencer_id"
        )
        review = "coalesce(d.decision, 'unreviewed') AS decision, d.note AS note, d.reviewer"
        if f.decision:
            where.append("coalesce(d.decision, 'unreviewed') = ?")
            params.append(f.decision)
    if f.flag:
        where.append(f"(' ' || {flags} || ' ') LIKE ?")
        params.append(f"% {f.flag} %")
    columns = (
        "roster.influencer_id AS influencer_id, platform, handle, name, country, followers, "
        "posts, engagement_rate, impression_rate, er_by_views, brands, saturation, spend, cpe, "
        f"cpm, {flags} AS flags, {review}"
    )
    return WindowQuery(source, columns, "roster.influencer_id", tuple(where), tuple(params))


def report_roster(
    db: sqlite_utils.Database, tier_scheme: str = "seed", campaign_id: int | None = None
) -> Iterator[tuple[Any, ...]]:
    """Every roster row (only the campaign's, when given) as a plain tuple, in handle order (the
    order of the handle index, so SQLite sorts nothing), read with one cursor: handle, platform,
    followers, engagement_rate, impression_rate, brands, spend, flags (space-separated),
    decision, note, reviewer (the last three NULL without a campaign)."""
    columns = (
        "r.handle, r.platform, r.followers, r.engagement_rate, r.impression_rate, r.brands, "
        f"r.spend, r.{flags_column(tier_scheme)}"
    )
    if campaign_id is None:
        sql = f"SELECT {columns}, NULL, NULL, NULL FROM roster r ORDER BY r.handle_key, r.rowid"
        return iter(db.execute(sql))
    sql = (
        f"SELECT {columns}, coalesce(d.decision, 'unreviewed'), d.note, d.reviewer FROM roster r "
        "LEFT JOIN decisions d ON d.campaign_id = ? AND d.influencer_id = r.influencer_id "
        "WHERE r.influencer_id IN "
        "(SELECT influencer_id FROM influencer_campaigns WHERE campaign_id = ?) "
        "ORDER BY r.handle_key, r.rowid"
    )
    return iter(db.execute(sql, [campaign_id, campaign_id]))


LARGE_CAMPAIGN = 2_000


def campaign_size(db: sqlite_utils.Database, campaign_id: int) -> int:
    """How many influencers posted in the campaign (a range of the rollup's primary key)."""
    return int(
        db.execute(
            "SELECT count(*) FROM influencer_campaigns WHERE campaign_id = ?", [campaign_id]
        ).fetchone()[0]
    )


def roster_row(
    db: sqlite_utils.Database, influencer_id: int, tier_scheme: str = "seed"
) -> dict[str, Any] | None:
    flags = flags_column(tier_scheme)
    rows = dict_rows(
        db.execute(
            f"SELECT r.*, r.{flags} AS flags, i.category, i.compensation, i.audience_quality, "
            "i.provenance FROM roster r JOIN influencers i ON i.id = r.influencer_id "
            "WHERE r.influencer_id = ?",
            [influencer_id],
        )
    )
    return rows[0] if rows else None
