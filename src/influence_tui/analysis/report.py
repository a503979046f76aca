"""The campaign report's data (DESIGN.md §5 JSON contract): platforms with risk, influencers with
metrics and flags. Fractions, not percentages; None for unknown."""

from __future__ import annotations

from collections.abc import Iterator

import sqlite_utils

from influence_tui.analysis.platforms import platform_mix
from influence_tui.analysis.roster import RosterQuery, RosterRow, roster_after, roster_cursor
from influence_tui.analysis.triage import progress
from influence_tui.analysis.view import ViewSettings

PAGE = 5000


def iter_roster(db: sqlite_utils.Database, query: RosterQuery) -> Iterator[RosterRow]:
    """Every roster row in the query's order, fetched a page at a time."""
    cursor = None
    while True:
        rows = roster_after(db, query, cursor, PAGE)
        yield from rows
        if len(rows) < PAGE:
            return
        cursor = roster_cursor(rows[-1], query)


def influencer_entry(row: RosterRow) -> dict:
    return {
        "handle": row.handle,
        "platform": row.platform,
        "tier": row.tier,
        "followers": row.followers,
        "engagement_rate": row.engagement_rate,
        "impression_rate": row.impression_rate,
        "brands": row.brands,
        "spend": row.spend,
        "flags": list(row.flags),
        "decision": row.decision,
        "note": row.note,
        "reviewer": row.reviewer,
    }


def build_report(db: sqlite_utils.Database, settings: ViewSettings) -> dict:
    platforms = [
        {
            "platform": p.platform,
            "spend": p.spend,
            "spend_share": p.spend_share,
            "risk": p.risk,
            "reasons": list(p.reasons),
        }
        for p in platform_mix(db, settings)
    ]
    query = RosterQuery(settings, sort="handle")  # an index order: no sort per page
    review = progress(db, settings)
    return {
        "as_of": settings.as_of.isoformat() if settings.as_of else None,
        "tier_scheme": settings.tier_scheme,
        "campaign": settings.campaign_name,
        "platforms": platforms,
        "influencers": [influencer_entry(row) for row in iter_roster(db, query)],
        "progress": review.as_dict() if review else None,
    }
