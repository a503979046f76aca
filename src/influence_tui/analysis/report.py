"""The campaign report's data (DESIGN.md §5 JSON contract): platforms with risk, influencers with
metrics and flags. Fractions, not percentages; None for unknown; money in cents.

The influencers are a stream of plain tuples (INFLUENCER_FIELDS, in handle order) read with one
cursor, so the JSON report can be written while the roster is read: at 100,000 influencers a
dataclass or dict per row cost more than the query."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlite_utils

from influence_tui.analysis.budgets import view_pacing
from influence_tui.analysis.platforms import platform_view, rebalance_details
from influence_tui.analysis.risk_actions import accepted_rebalances
from influence_tui.analysis.roster import RosterQuery, RosterRow, roster_after, roster_cursor
from influence_tui.analysis.triage import progress
from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.metrics import cents
from influence_tui.store import roster_window

INFLUENCER_FIELDS = (
    "handle",
    "platform",
    "tier",
    "followers",
    "engagement_rate",
    "impression_rate",
    "brands",
    "spend",
    "flags",
    "decision",
    "note",
    "reviewer",
)


def report_head(db: sqlite_utils.Database, settings: ViewSettings) -> dict[str, Any]:
    """Everything in the report but the influencers."""
    view = platform_view(db, settings)
    platforms = [
        {
            "platform": p.platform,
            "spend": cents(p.spend),
            "spend_share": p.spend_share,
            "risk": p.risk,
            "reasons": list(p.reasons),
            "risk_checks": [check.as_dict() for check in p.checks],
        }
        for p in view.platforms
    ]
    review = progress(db, settings)
    pacing = view_pacing(db, settings)
    budget = None
    if pacing is not None:
        budget = {
            "budget": cents(pacing.budget),
            "spent": cents(pacing.spent),
            "spent_share": pacing.spent_share,
            "time_share": pacing.time_share,
            "pace": pacing.verdict,
        }
    rebalance = rebalance_details(view.rebalance)
    rebalance["summary"] = view.rebalance.summary()
    head = {
        "as_of": settings.as_of.isoformat() if settings.as_of else None,
        "tier_scheme": settings.tier_scheme,
        "campaign": settings.campaign_name,
        "budget": budget,
        "platforms": platforms,
        "rebalance": rebalance,
        "progress": review.as_dict() if review else None,
    }
    if settings.campaign_name is not None:
        head["rebalances_accepted"] = accepted_rebalances(db, settings.campaign_name)
    return head


def influencer_values(
    db: sqlite_utils.Database, settings: ViewSettings, roster: RosterQuery | None = None
) -> Iterator[tuple[Any, ...]]:
    """One tuple per influencer (of the campaign, when one is chosen), in INFLUENCER_FIELDS order
    and handle order. `flags` is a tuple of flag names; the same tuple object for the same flags,
    so a writer can cache its encoding. With `roster`, only the rows its filters keep (the
    explorer's roster as it is on screen), a page at a time, in its order."""
    if roster is not None and not roster.only_campaign:
        for row in roster_rows(db, roster):
            yield (row.handle, row.platform, row.tier, row.followers, row.engagement_rate,
                   row.impression_rate, row.brands, cents(row.spend), row.flags, row.decision,
                   row.note, row.reviewer)  # fmt: skip
        return
    tier_for, money = settings.scheme.tier_for, cents  # local names: one lookup, not 100,000
    flag_tuples: dict[str, tuple[str, ...]] = {}
    for (
        handle,
        platform,
        followers,
        engagement_rate,
        impression_rate,
        brands,
        spend,
        flags,
        decision,
        note,
        reviewer,
    ) in roster_window.report_roster(db, settings.tier_scheme, settings.campaign_id):
        flag_tuple = flag_tuples.get(flags)
        if flag_tuple is None:
            flag_tuple = flag_tuples[flags] = tuple(flags.split()) if flags else ()
        yield (
            handle,
            platform,
            tier_for(followers),
            followers,
            engagement_rate,
            impression_rate,
            brands,
            money(spend),
            flag_tuple,
            decision,
            note or None,  # an empty note is no note
            reviewer,
        )


def influencer_entry(values: tuple[Any, ...]) -> dict[str, Any]:
    entry = dict(zip(INFLUENCER_FIELDS, values, strict=True))
    entry["flags"] = list(entry["flags"])
    return entry


def roster_rows(
    db: sqlite_utils.Database, query: RosterQuery, page: int = 500
) -> Iterator[RosterRow]:
    """Every row of the roster `query` shows, in its order, read a page at a time."""
    after = None
    while rows := roster_after(db, query, after, page):
        yield from rows
        after = roster_cursor(rows[-1], query)


def roster_filters(query: RosterQuery) -> str | None:
    """The roster's filters in words ('platform snapchat · tier micro'), None without any."""
    parts = []
    if query.text:
        parts.append(f"text “{query.text}”")
    if query.platform:
        parts.append(f"platform {query.platform}")
    if query.tier:
        parts.append(f"tier {query.tier}")
    if query.flag:
        parts.append(f"flag {query.flag}")
    if query.decision:
        parts.append(f"review {query.decision}")
    return " · ".join(parts) or None


def build_report(
    db: sqlite_utils.Database, settings: ViewSettings, roster: RosterQuery | None = None
) -> dict[str, Any]:
    """The whole report in memory (the text and Markdown summaries need every row at once).
    With `roster`, its influencers are the rows that query shows, and `filters` says which."""
    report = report_head(db, settings)
    review = report.pop("progress")
    if roster is not None and (filters := roster_filters(roster)):
        report["filters"] = filters
    report["influencers"] = [influencer_entry(v) for v in influencer_values(db, settings, roster)]
    report["progress"] = review
    return report
