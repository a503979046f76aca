"""A campaign's budget, spend to date and pacing (domain.budget's formula) for the campaign
picker, the roster title and the report. Loads neither pydantic nor textual."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.budget import Pacing, pacing
from influence_tui.store import lookups
from influence_tui.store.spend_ledger import campaign_spend


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def campaign_pacing(
    db: sqlite_utils.Database, campaign: Mapping[str, Any], as_of: dt.date | None
) -> Pacing:
    """A campaign (a row of analysis.session.campaigns()) : its budget, the spend recorded for it
    up to `as_of`, and the pacing formula of domain.budget."""
    spent = campaign_spend(db, int(campaign["id"]), as_of.isoformat() if as_of else None)
    return pacing(
        campaign.get("budget"),
        spent,
        _day(campaign.get("start_date")),
        _day(campaign.get("end_date")),
        as_of,
    )


def campaign_pacings(
    db: sqlite_utils.Database, campaigns: list[dict[str, Any]], as_of: dt.date | None
) -> dict[int, Pacing]:
    """Campaign id -> pacing, for the campaign picker (a few campaigns: one indexed sum each)."""
    return {int(c["id"]): campaign_pacing(db, c, as_of) for c in campaigns}


def view_pacing(db: sqlite_utils.Database, settings: ViewSettings) -> Pacing | None:
    """The chosen campaign's pacing (None without a campaign)."""
    if settings.campaign_id is None:
        return None
    campaign = next((c for c in lookups.campaigns(db) if c["id"] == settings.campaign_id), None)
    return None if campaign is None else campaign_pacing(db, campaign, settings.as_of)
