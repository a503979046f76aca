"""What people do about platform risk: accept the rebalance proposal (recorded in the audit trail
and the campaign's review report) and `check` for cron (each platform's last verdict remembered,
the platforms whose risk rose reported)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from influence_tui.analysis.platforms import platform_view, rebalance_details
from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.risk import SEVERITY_RANK
from influence_tui.store import platform_series
from influence_tui.store.session import Session

ALL_CAMPAIGNS = "all campaigns"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def accept_rebalance(
    session: Session, settings: ViewSettings, reviewer: str, changed_at: str | None = None
) -> str:
    """Record the current proposal (who, when, the numbers) in the audit trail, under the chosen
    campaign (or all campaigns). Returns a one-line confirmation."""
    view = platform_view(session.db, settings)
    plan = view.rebalance
    if not plan.moves:
        raise ValueError("nothing to accept: no platform at risk has money to move")
    details = rebalance_details(plan)
    details["as_of"] = settings.as_of.isoformat() if settings.as_of else None
    details["summary"] = plan.summary()
    subject = settings.campaign_name or ALL_CAMPAIGNS
    with session.write("rebalance"):
        platform_series.record_rebalance(
            session.db, reviewer, subject, json.dumps(details, ensure_ascii=False),
            changed_at or _now(),
        )  # fmt: skip
    return f"accepted by {reviewer}: " + "; ".join(plan.summary()[: len(plan.sources())])


def accepted_rebalances(db: sqlite_utils.Database, campaign: str | None) -> list[dict[str, Any]]:
    """Accepted proposals of the campaign (and those made for all campaigns), oldest first:
    who, when, and the moves with their numbers."""
    found = []
    for row in platform_series.accepted_rebalances(db, None):
        if campaign is not None and row["subject"] not in (campaign, ALL_CAMPAIGNS):
            continue
        details = json.loads(row["details"])
        found.append(
            {
                "accepted_at": row["changed_at"],
                "reviewer": row["actor"],
                "campaign": row["subject"],
                "as_of": details.get("as_of"),
                "moves": details.get("moves", []),
                "summary": details.get("summary", []),
            }
        )
    return found


@dataclass(frozen=True)
class RiskRise:
    platform: str
    before: str  # the last remembered verdict ('none' when never checked)
    now: str
    reasons: tuple[str, ...]

    def line(self) -> str:
        why = "; ".join(self.reasons) or "no reason given"
        return f"{self.platform}: risk {self.before} → {self.now}: {why}"


def check_risk(session: Session, settings: ViewSettings, *, remember: bool) -> list[RiskRise]:
    """The platforms whose risk rose since the last check; with `remember`, this check's verdicts
    become the last ones (a read-only session only compares)."""
    db = session.db
    before = platform_series.last_verdicts(db)
    platforms = platform_view(db, settings).platforms
    rises = [
        RiskRise(p.platform, before.get(p.platform, "none"), p.risk, p.reasons)
        for p in platforms
        if SEVERITY_RANK[p.risk] > SEVERITY_RANK.get(before.get(p.platform, "none"), 0)
    ]
    if remember:
        as_of = settings.as_of.isoformat() if settings.as_of else ""
        verdicts = [
            (p.platform, p.risk, as_of, json.dumps(list(p.reasons), ensure_ascii=False))
            for p in platforms
        ]
        with session.write("risk check"):
            platform_series.remember_verdicts(db, verdicts, _now())
    return rises
