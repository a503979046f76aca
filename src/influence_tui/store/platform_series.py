"""What the platforms view reads: weekly series and spend per platform."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlite_utils


def spend_by_platform(
    db: sqlite_utils.Database, as_of: dt.date | None, campaign_id: int | None = None
) -> dict[str, float]:
    sql = "SELECT platform, sum(amount) FROM spend WHERE date <= ?"
    params: list[Any] = [as_of.isoformat() if as_of else "9999-12-31"]
    if campaign_id is not None:
        sql += " AND campaign_id = ?"
        params.append(campaign_id)
    return {row[0]: row[1] for row in db.execute(sql + " GROUP BY platform", params)}


def weekly_series(
    db: sqlite_utils.Database,
) -> dict[str, dict[str, list[tuple[str, float | None]]]]:
    """platform -> series -> [(week Monday, value)], oldest first."""
    result: dict[str, dict[str, list[tuple[str, float | None]]]] = {}
    for platform, series, week, value in db.execute(
        "SELECT platform, series, week, value FROM weekly ORDER BY platform, series, week"
    ):
        result.setdefault(platform, {}).setdefault(series, []).append((week, value))
    return result


def last_verdicts(db: sqlite_utils.Database) -> dict[str, str]:
    """platform -> the risk `check` last remembered."""
    return {row[0]: row[1] for row in db.execute("SELECT platform, risk FROM risk_verdicts")}


def remember_verdicts(
    db: sqlite_utils.Database, verdicts: Sequence[tuple[str, str, str, str]], checked_at: str
) -> None:
    """Store (platform, risk, as_of, reasons as JSON) as each platform's last verdict (inside
    the caller's write)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO risk_verdicts (platform, risk, as_of, checked_at, reasons) "
        "VALUES (?, ?, ?, ?, ?)",
        [(p, risk, as_of, checked_at, reasons) for p, risk, as_of, reasons in verdicts],
    )


def record_rebalance(
    db: sqlite_utils.Database, actor: str, subject: str, details: str, changed_at: str
) -> None:
    """An accepted rebalance proposal in the audit log (inside the caller's write)."""
    db.execute(
        "INSERT INTO audit_log (changed_at, actor, action, subject, details) "
        "VALUES (?, ?, 'rebalance accepted', ?, ?)",
        [changed_at, actor, subject, details],
    )


def accepted_rebalances(db: sqlite_utils.Database, subject: str | None) -> list[dict[str, Any]]:
    """Accepted rebalance proposals, oldest first (of one campaign, or all)."""
    sql = "SELECT changed_at, actor, subject, details FROM audit_log WHERE action = 'rebalance accepted'"
    params: list[Any] = []
    if subject is not None:
        sql += " AND subject = ?"
        params.append(subject)
    return [
        {"changed_at": r[0], "actor": r[1], "subject": r[2], "details": r[3]}
        for r in db.execute(sql + " ORDER BY id", params)
    ]
