"""What the platforms view reads: weekly series and spend per platform."""

from __future__ import annotations

import datetime as dt
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
