"""One post, whole: every stored number, its influencer's followers and its campaign's brand."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from influence_tui.store.lookups import dict_rows


def post_row(db: sqlite_utils.Database, post_id: int) -> dict[str, Any] | None:
    rows = dict_rows(
        db.execute(
            "SELECT p.id, p.platform, p.external_id, p.posted_at, p.snapshot_date, p.title, "
            "p.brand, p.views, p.likes, p.comments, p.shares, p.saves, p.cost, p.sponsored, "
            "p.disclosed, p.brand_named, p.likes_hidden, p.provenance, p.engagement_rate, "
            "p.impression_rate, p.cpe, p.cpm, p.flag_bits, p.influencer_id, i.handle, "
            "i.followers, c.name AS campaign, c.brand AS campaign_brand "
            "FROM posts p JOIN influencers i ON i.id = p.influencer_id "
            "LEFT JOIN campaigns c ON c.id = p.campaign_id WHERE p.id = ?",
            [post_id],
        )
    )
    return rows[0] if rows else None
