"""Campaign review: decisions on the roster of the chosen campaign, progress, history."""

from __future__ import annotations

from dataclasses import dataclass, replace
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


class OthersDecisions(ValueError):
    """The change would replace decisions other reviewers made: ask before replacing them.
    `others`: (influencer id, their decision, their reviewer) of each."""

    def __init__(self, others: list[tuple[int, str, str]]) -> None:
        who = sorted({reviewer for _, _, reviewer in others})
        super().__init__(
            f"{len(others)} decision(s) by {', '.join(who)} would be replaced; nothing recorded"
        )
        self.others = others


@dataclass(frozen=True)
class Change:
    """One stored change of one influencer's review, as undo needs it."""

    campaign_id: int
    campaign_name: str | None
    influencer_id: int
    old_decision: str
    old_note: str
    new_decision: str
    new_note: str

    @classmethod
    def of(cls, settings: ViewSettings, influencer_id: int, result: dict[str, Any]) -> Change:
        assert settings.campaign_id is not None
        return cls(
            settings.campaign_id,
            settings.campaign_name,
            influencer_id,
            result["old_decision"],
            result["old_note"],
            result["decision"],
            result["note"],
        )


def decide_many(
    session: Session,
    settings: ViewSettings,
    influencer_ids: list[int],
    reviewer: str,
    *,
    decision: str,
    replace_others: bool = False,
    changed_at: str | None = None,
) -> tuple[dict[int, dict[str, Any]], list[int]]:
    """One decision for several influencers in the settings' campaign, in one write transaction:
    ({influencer id: the stored result}, the ids left out because they have no posts in the
    campaign). Unless `replace_others`, a decision another reviewer made (other than
    'unreviewed' and other than this one) stops it all with OthersDecisions, before anything is
    written, so the reviewer can be asked."""
    if settings.campaign_id is None:
        raise ValueError("choose a campaign first: decisions belong to a campaign")
    check_decision(decision)
    campaign_id = settings.campaign_id
    with session.write("decision"):
        members = [i for i in influencer_ids if decisions.in_campaign(session.db, campaign_id, i)]
        outside = [i for i in influencer_ids if i not in set(members)]
        if not replace_others:
            current = decisions.decisions_of(session.db, campaign_id, members)
            others = [
                (i, row["decision"], row["reviewer"])
                for i, row in current.items()
                if row["reviewer"] != reviewer and row["decision"] not in (UNREVIEWED, decision)
            ]
            if others:
                raise OthersDecisions(others)
        results = {
            i: decisions.record_decision(
                session.db, campaign_id, i, reviewer, decision=decision, changed_at=changed_at
            )
            for i in members
        }
    return results, outside


def undo_changes(
    session: Session, changes: list[Change], reviewer: str, *, changed_at: str | None = None
) -> tuple[dict[int, dict[str, Any]], list[tuple[Change, str | None]]]:
    """Put back what `changes` replaced, in one write transaction; each undo is a change like any
    other, audited under `reviewer`. A review changed since (by anyone) is left as it is:
    ({influencer id: the stored result}, [(change left, who changed it since)])."""
    restored: dict[int, dict[str, Any]] = {}
    left: list[tuple[Change, str | None]] = []
    with session.write("decision"):
        for change in changes:
            now = decisions.decision_of(session.db, change.campaign_id, change.influencer_id)
            state = (now["decision"], now["note"]) if now else (UNREVIEWED, "")
            if state != (change.new_decision, change.new_note):
                left.append((change, now["reviewer"] if now else None))
                continue
            restored[change.influencer_id] = decisions.record_decision(
                session.db,
                change.campaign_id,
                change.influencer_id,
                reviewer,
                decision=change.old_decision,
                note=change.old_note,
                changed_at=changed_at,
            )
    return restored, left


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
