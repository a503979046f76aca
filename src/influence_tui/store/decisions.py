"""Triage decisions and their audit trail. Each change is one short write transaction that reads
the current values, writes the changed field and appends the change to the audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from influence_tui.domain.triage import UNREVIEWED


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_decision(
    db: sqlite_utils.Database,
    campaign_id: int,
    influencer_id: int,
    reviewer: str,
    *,
    decision: str | None = None,
    note: str | None = None,
    changed_at: str | None = None,
) -> dict[str, Any]:
    """Inside the caller's write transaction: set the decision and/or the note; returns the row as
    it now stands (`decision`, `note`, `reviewer`), with what it replaced (`old_decision`,
    `old_note`, `old_reviewer`) and whether anything `changed`. A change that changes nothing is
    not audited."""
    changed_at = changed_at or _now()
    current = db.execute(
        "SELECT decision, note, reviewer FROM decisions WHERE campaign_id = ? AND influencer_id = ?",
        [campaign_id, influencer_id],
    ).fetchone()
    old_decision, old_note, old_reviewer = current if current else (UNREVIEWED, "", None)
    new_decision = old_decision if decision is None else decision
    new_note = old_note if note is None else note
    if (new_decision, new_note) != (old_decision, old_note):
        db.execute(
            "INSERT INTO decisions (campaign_id, influencer_id, decision, note, reviewer, "
            "changed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, influencer_id) "
            "DO UPDATE SET decision = excluded.decision, note = excluded.note, "
            "reviewer = excluded.reviewer, changed_at = excluded.changed_at",
            [campaign_id, influencer_id, new_decision, new_note, reviewer, changed_at],
        )
        db.execute(
            "INSERT INTO decision_audit (changed_at, reviewer, campaign_id, influencer_id, "
            "old_decision, new_decision, old_note, new_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [changed_at, reviewer, campaign_id, influencer_id, old_decision, new_decision,
             old_note, new_note],
        )  # fmt: skip
    changed = (new_decision, new_note) != (old_decision, old_note)
    return {
        "decision": new_decision,
        "note": new_note,
        "reviewer": reviewer if changed else old_reviewer,
        "old_decision": old_decision,
        "old_note": old_note,
        "old_reviewer": old_reviewer,
        "changed": changed,
    }


def decision_counts(db: sqlite_utils.Database, campaign_id: int) -> tuple[int, dict[str, int]]:
    """(influencers in the campaign, decision -> count) over the campaign's roster."""
    total = db.execute(
        "SELECT count(*) FROM influencer_campaigns WHERE campaign_id = ?", [campaign_id]
    ).fetchone()[0]
    counts = dict(
        db.execute(
            "SELECT d.decision, count(*) FROM decisions d JOIN influencer_campaigns ic "
            "ON ic.campaign_id = d.campaign_id AND ic.influencer_id = d.influencer_id "
            "WHERE d.campaign_id = ? GROUP BY d.decision",
            [campaign_id],
        ).fetchall()
    )
    return total, counts


def decision_of(
    db: sqlite_utils.Database, campaign_id: int, influencer_id: int
) -> dict[str, Any] | None:
    row = db.execute(
        "SELECT decision, note, reviewer, changed_at FROM decisions "
        "WHERE campaign_id = ? AND influencer_id = ?",
        [campaign_id, influencer_id],
    ).fetchone()
    if row is None:
        return None
    return dict(zip(("decision", "note", "reviewer", "changed_at"), row, strict=True))


def decisions_of(
    db: sqlite_utils.Database, campaign_id: int, influencer_ids: list[int]
) -> dict[int, dict[str, Any]]:
    """influencer id -> its current decision row, for those of `influencer_ids` that have one
    (one primary-key lookup each)."""
    found: dict[int, dict[str, Any]] = {}
    for influencer_id in influencer_ids:
        row = decision_of(db, campaign_id, influencer_id)
        if row is not None:
            found[influencer_id] = row
    return found


def decision_history(
    db: sqlite_utils.Database, influencer_id: int, limit: int = 50
) -> list[dict[str, Any]]:
    """The influencer's audited changes in every campaign, newest first."""
    cursor = db.execute(
        "SELECT a.changed_at, a.reviewer, c.name AS campaign, a.old_decision, a.new_decision, "
        "a.old_note, a.new_note FROM decision_audit a JOIN campaigns c ON c.id = a.campaign_id "
        "WHERE a.influencer_id = ? ORDER BY a.id DESC LIMIT ?",
        [influencer_id, limit],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def in_campaign(db: sqlite_utils.Database, campaign_id: int, influencer_id: int) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM influencer_campaigns WHERE campaign_id = ? AND influencer_id = ?",
            [campaign_id, influencer_id],
        ).fetchone()
        is not None
    )


def change_token(db: sqlite_utils.Database) -> int:
    """Changes whenever another connection commits (PRAGMA data_version)."""
    return int(db.execute("PRAGMA data_version").fetchone()[0])
