"""The spend ledger: entries as a keyset-paged window (newest first, on the date indexes), one
entry, fixing and deleting an entry (each audited in `audit_log`), and a campaign's spend to
date. Writes run inside the session's write transaction and record what they touched."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import sqlite_utils

from influence_tui.store.identity import audit
from influence_tui.store.lookups import dict_rows
from influence_tui.store.paging import WindowQuery
from influence_tui.store.rollups import Touched

SPEND_SORTS = {"date": "spend.date"}
_COLUMNS = (
    "spend.id AS id, spend.platform AS platform, c.name AS campaign, spend.date AS date, "
    "spend.amount AS amount, spend.currency AS currency, spend.note AS note"
)
_SOURCE = "spend LEFT JOIN campaigns c ON c.id = spend.campaign_id"


def spend_query(platform: str | None = None, campaign_id: int | None = None) -> WindowQuery:
    """Every entry, or one platform's (spend_by_platform) or one campaign's (spend_by_campaign)."""
    where: list[str] = []
    params: list[Any] = []
    if platform:
        where.append("spend.platform = ?")
        params.append(platform)
    if campaign_id is not None:
        where.append("spend.campaign_id = ?")
        params.append(int(campaign_id))
    return WindowQuery(_SOURCE, _COLUMNS, "spend.id", tuple(where), tuple(params))


def spend_entry(db: sqlite_utils.Database, spend_id: int) -> dict[str, Any] | None:
    rows = dict_rows(db.execute(f"SELECT {_COLUMNS} FROM {_SOURCE} WHERE spend.id = ?", [spend_id]))
    return rows[0] if rows else None


def _audited(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: entry[k] for k in ("platform", "campaign", "date", "amount", "currency", "note")}


def audit_spend(
    db: sqlite_utils.Database, actor: str, action: str, entry: dict[str, Any], **details: Any
) -> None:
    audit(db.conn, actor, action, f"spend:{entry['id']}", {**_audited(entry), **details})


def update_spend_entry(
    db: sqlite_utils.Database,
    spend_id: int,
    values: dict[str, Any],
    campaign_id: int | None,
    actor: str,
    touched: Touched,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Replace what entry `spend_id` says (platform, date, amount, currency, note and its
    campaign); returns (before, after). Raises LookupError for an entry that does not exist and
    ValueError when another entry already has its platform, campaign, date and note."""
    before = spend_entry(db, spend_id)
    if before is None:
        raise LookupError(f"no spend entry {spend_id}")
    try:
        db.execute(
            "UPDATE spend SET platform = ?, campaign_id = ?, date = ?, amount = ?, currency = ?, "
            "note = ? WHERE id = ?",
            [values["platform"], campaign_id, values["date"], values["amount"],
             values["currency"], values["note"], spend_id],
        )  # fmt: skip
    except sqlite3.IntegrityError:
        raise ValueError(
            "another entry already has this platform, campaign, date and note"
        ) from None
    after = spend_entry(db, spend_id)
    assert after is not None
    touched.spend(before["platform"], before["date"])
    touched.spend(after["platform"], after["date"])
    if _audited(before) != _audited(after):
        audit(
            db.conn,
            actor,
            "fix spend",
            f"spend:{spend_id}",
            {"old": _audited(before), "new": _audited(after)},
        )
    return before, after


def delete_spend_entry(
    db: sqlite_utils.Database, spend_id: int, actor: str, touched: Touched
) -> dict[str, Any]:
    """Delete entry `spend_id`; returns what it said. Raises LookupError when there is none."""
    before = spend_entry(db, spend_id)
    if before is None:
        raise LookupError(f"no spend entry {spend_id}")
    db.execute("DELETE FROM spend WHERE id = ?", [spend_id])
    touched.spend(before["platform"], before["date"])
    audit_spend(db, actor, "delete spend", before)
    return before


def campaign_spend(db: sqlite_utils.Database, campaign_id: int, until: str | None) -> float:
    """The campaign's recorded spend up to `until` (ISO date; None: all), on spend_by_campaign."""
    sql = "SELECT coalesce(sum(amount), 0) FROM spend WHERE campaign_id = ?"
    params: list[Any] = [campaign_id]
    if until is not None:
        sql += " AND date <= ?"
        params.append(until)
    return float(db.execute(sql, params).fetchone()[0])


def audit_trail(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Every audited change, oldest first: review decisions and notes (decision_audit) and the
    other changes (audit_log: spend fixes and deletions, merges), as one stream."""
    cursor = db.execute(
        "SELECT changed_at, actor, action, subject, campaign, old, new, details FROM ("
        " SELECT a.changed_at, a.reviewer AS actor, 'review' AS action,"
        "  i.platform || ':' || i.handle AS subject, c.name AS campaign,"
        "  a.old_decision || CASE WHEN a.old_note != '' THEN ' · ' || a.old_note ELSE '' END AS old,"
        "  a.new_decision || CASE WHEN a.new_note != '' THEN ' · ' || a.new_note ELSE '' END AS new,"
        "  NULL AS details, 0 AS source, a.id AS id"
        " FROM decision_audit a JOIN campaigns c ON c.id = a.campaign_id"
        " JOIN influencers i ON i.id = a.influencer_id"
        " UNION ALL"
        " SELECT changed_at, actor, action, subject, NULL, NULL, NULL, details, 1, id"
        " FROM audit_log"
        ") ORDER BY changed_at, source, id"
    )
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))
