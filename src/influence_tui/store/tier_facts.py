"""What the Tiers pane aggregates: per roster row its platform, followers, rates, brands, spend
and engagements (only the campaign's influencers, when one is chosen), read with one cursor."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlite_utils

_COLUMNS = (
    "r.platform, r.followers, r.engagement_rate, r.impression_rate, r.er_by_views, r.brands, "
    "r.spend, r.engagements"
)


def tier_facts(
    db: sqlite_utils.Database, campaign_id: int | None = None
) -> Iterator[tuple[Any, ...]]:
    """(platform, followers, engagement_rate, impression_rate, er_by_views, brands, spend,
    engagements) for every roster row, or the campaign's (its rollup's primary key)."""
    if campaign_id is None:
        return iter(db.execute(f"SELECT {_COLUMNS} FROM roster r"))
    return iter(
        db.execute(
            f"SELECT {_COLUMNS} FROM influencer_campaigns m JOIN roster r "
            "ON r.influencer_id = m.influencer_id WHERE m.campaign_id = ?",
            [int(campaign_id)],
        )
    )
