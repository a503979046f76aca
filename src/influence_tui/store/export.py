"""Export: every row of a kind with the field names of DESIGN.md §2, in a stable order so export → import → export is identical."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlite_utils

# Export: field names of DESIGN.md §2, in a stable order so export → import → export is identical.
EXPORT_SQL = {
    "influencers": (
        "SELECT platform, handle, name, followers, country, category, compensation, "
        "audience_quality, reported_engagement_rate, provenance, "
        "CASE WHEN followers IS NOT NULL THEN followers_date END AS snapshot_date "
        "FROM influencers "
        "ORDER BY platform, handle_key"
    ),
    "campaigns": (
        "SELECT name, brand, start_date AS start, end_date AS end, budget FROM campaigns ORDER BY name"
    ),
    "posts": (
        "SELECT p.platform, i.handle, p.external_id, c.name AS campaign, p.brand, p.posted_at, "
        "p.snapshot_date, p.title, p.views, p.likes, p.comments, p.shares, p.saves, p.cost, p.sponsored, "
        "p.disclosed, p.brand_named, p.likes_hidden, p.provenance FROM posts p "
        "JOIN influencers i ON i.id = p.influencer_id LEFT JOIN campaigns c ON c.id = p.campaign_id "
        "ORDER BY p.platform, p.post_key"
    ),
    "spend": (
        "SELECT s.platform, c.name AS campaign, s.date, s.amount, s.currency, s.note FROM spend s "
        "LEFT JOIN campaigns c ON c.id = s.campaign_id "
        "ORDER BY s.platform, s.date, c.name, s.note, s.amount"
    ),
    "signals": "SELECT platform, metric, date, value FROM signals ORDER BY platform, metric, date",
}


BOOLEAN_EXPORT_FIELDS = {"sponsored", "disclosed", "brand_named", "likes_hidden"}


def export_rows(db: sqlite_utils.Database, kind: str) -> tuple[list[str], Iterator[dict[str, Any]]]:
    cursor = db.execute(EXPORT_SQL[kind])
    names = [d[0] for d in cursor.description]

    def rows() -> Iterator[dict[str, Any]]:
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            for field in BOOLEAN_EXPORT_FIELDS & row.keys():
                if row[field] is not None:
                    row[field] = bool(row[field])
            yield row

    return names, rows()
