"""Campaign review: decisions on the roster of the chosen campaign, progress, history."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import sqlite_utils

from influence_tui.analysis.roster import RosterQuery, RosterRow, roster_after, roster_cursor
from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.triage import UNREVIEWED, Progress, check_decision, clean_note
from influence_tui.store import decisions
from influence_tui.store.session import Session


class NotInCampaign(ValueError):
    """The influencer has no posts in the campaign the decision is for."""


def progress(db: sqlite_utils.Database, settings: ViewSettings) -> Progress | None:
    if settings.campaign_id is None:
        return None
    total, counts = decisions.decision_counts(db, settings.campaign_id)
    return Progress(
        total=total,
        keep=counts.get("keep", 0),
        watch=counts.get("watch", 0),
        drop=counts.get("drop", 0),
    )


def decide(
    session: Session,
    settings: ViewSettings,
    influencer_id: int,
    reviewer: str,
    *,
    decision: str | None = None,
    note: str | None = None,
    changed_at: str | None = None,
) -> dict[str, Any]:
    """Record a decision and/or note for the influencer in the settings' campaign."""
    if settings.campaign_id is None:
        raise ValueError("choose a campaign first: decisions belong to a campaign")
    if decision is not None:
        check_decision(decision)
    if note is not None:
        note = clean_note(note)
    with session.write("decision"):
        if not decisions.in_campaign(session.db, settings.campaign_id, influencer_id):
            raise NotInCampaign(
                f"this influencer has no posts in campaign {settings.campaign_name!r}; "
                "nothing recorded"
            )
        return decisions.record_decision(
            session.db,
            settings.campaign_id,
            influencer_id,
            reviewer,
            decision=decision,
            note=note,
            changed_at=changed_at,
        )


def next_unreviewed(
    db: sqlite_utils.Database, query: RosterQuery, after: RosterRow | None, limit: int
) -> tuple[list[RosterRow], bool]:
    """A page of the roster that starts at the first unreviewed row after `after` in the query's
    order, wrapping to the top; ([], False) when every row is reviewed. The flag says it wrapped."""
    unreviewed = replace(query, decision=UNREVIEWED)
    cursor = roster_cursor(after, query) if after is not None else None
    found = roster_after(db, unreviewed, cursor, 1)
    wrapped = False
    if not found and cursor is not None:
        found, wrapped = roster_after(db, unreviewed, None, 1), True
    if not found:
        return [], False
    target = found[0]
    return [target, *roster_after(db, query, roster_cursor(target, query), limit - 1)], wrapped
