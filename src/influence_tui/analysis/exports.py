"""What leaves the app as a file: the roster as people see it (metrics, tier, flags, decision,
reviewer, note) under the explorer's filters, and the audit trail. Both are streams of dicts
(read a page at a time), so an export never holds the table in memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import sqlite_utils

from influence_tui.analysis.report import roster_rows
from influence_tui.analysis.roster import RosterQuery
from influence_tui.domain.metrics import cents
from influence_tui.store.spend_ledger import audit_trail

ROSTER_FIELDS = (
    "handle", "platform", "tier", "followers", "engagement_rate", "impression_rate",
    "er_by_views", "brands", "spend", "cpe", "cpm", "flags", "decision", "reviewer", "note",
)  # fmt: skip
AUDIT_FIELDS = ("changed_at", "actor", "action", "subject", "campaign", "old", "new", "details")


def roster_export(db: sqlite_utils.Database, query: RosterQuery) -> Iterator[dict[str, Any]]:
    """The rows the roster `query` shows, in its order: rates are fractions, money in cents,
    flags a list; decision, reviewer and note are None without a campaign."""
    for row in roster_rows(db, query):
        yield {
            "handle": row.handle,
            "platform": row.platform,
            "tier": row.tier,
            "followers": row.followers,
            "engagement_rate": row.engagement_rate,
            "impression_rate": row.impression_rate,
            "er_by_views": row.er_by_views,
            "brands": row.brands,
            "spend": cents(row.spend),
            "cpe": cents(row.cpe),
            "cpm": cents(row.cpm),
            "flags": list(row.flags),
            "decision": row.decision,
            "reviewer": row.reviewer,
            "note": row.note,
        }


def audit_export(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Every audited change, oldest first: review decisions and notes, spend fixes and
    deletions, merges (`details` is the change's JSON for the last kinds)."""
    for change in audit_trail(db):
        if change["details"]:
            change["details"] = json.loads(change["details"])
        yield change
