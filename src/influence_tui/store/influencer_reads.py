"""What the influencer detail reads beyond the roster row: posts over time, brands, issues, peers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from influence_tui.store.lookups import dict_rows


def peer_median_cpe(
    db: sqlite_utils.Database, tier_scheme: str, platform: str, tier: str | None
) -> float | None:
    row = db.execute(
        "SELECT median FROM peer_cpe WHERE scheme = ? AND platform = ? AND tier = ?",
        [tier_scheme, platform, tier or ""],
    ).fetchone()
    return row[0] if row else None


def influencer_sponsored_brands(
    db: sqlite_utils.Database, influencer_id: int, as_of: dt.date | None
) -> list[tuple[str, str]]:
    """(posted_at, brand) of the influencer's sponsored posts with a brand, up to as-of."""
    end = as_of.isoformat() if as_of else "9999-12-31"
    return [
        (row[0], row[1])
        for row in db.execute(
            "SELECT posted_at, brand FROM posts WHERE influencer_id = ? AND sponsored "
            "AND brand IS NOT NULL AND posted_at <= ? ORDER BY posted_at",
            [influencer_id, end],
        )
    ]


def influencer_post_rates(
    db: sqlite_utils.Database, influencer_id: int, as_of: dt.date | None
) -> list[tuple[str, float | None, float | None]]:
    """(posted_at, ER, IR) of one influencer's posts up to the as-of date, oldest first."""
    end = as_of.isoformat() if as_of else "9999-12-31"
    return [
        (row[0], row[1], row[2])
        for row in db.execute(
            "SELECT posted_at, engagement_rate, impression_rate FROM posts "
            "WHERE influencer_id = ? AND posted_at <= ? ORDER BY posted_at",
            [influencer_id, end],
        )
    ]


def influencer_sponsored_issues(
    db: sqlite_utils.Database, influencer_id: int, as_of: dt.date | None, limit: int = 5
) -> list[dict[str, Any]]:
    end = as_of.isoformat() if as_of else "9999-12-31"
    return dict_rows(
        db.execute(
            "SELECT posted_at, title, brand, disclosed, brand_named FROM posts "
            "WHERE influencer_id = ? AND sponsored AND posted_at <= ? "
            "AND (NOT coalesce(disclosed, 0) OR brand_named = 0) "
            "ORDER BY posted_at DESC LIMIT ?",
            [influencer_id, end, limit],
        )
    )
