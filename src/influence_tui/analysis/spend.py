"""Recording spend typed into the explorer: validated by the domain model, written atomically."""

from __future__ import annotations

import sqlite_utils

from influence_tui.domain.models import SpendEntry
from influence_tui.store.rollups import refresh_rollups
from influence_tui.store.transaction import write_transaction
from influence_tui.store.writes import database_currency, ensure_platforms, record_spend_entry


def record_spend(db: sqlite_utils.Database, entry: SpendEntry, as_of=None) -> str:
    """Store one entry and refresh the rollups; returns a one-line confirmation."""
    currency = database_currency(db)
    if entry.currency.upper() != currency:
        raise ValueError(f"currency: this database keeps money in {currency}")
    with write_transaction(db):
        ensure_platforms(db, [entry.platform])
        _, replaced = record_spend_entry(
            db,
            {
                "platform": entry.platform,
                "date": entry.date.isoformat(),
                "amount": entry.amount,
                "currency": currency,
                "note": entry.note,
            },
            entry.campaign,
        )
        refresh_rollups(db, as_of)
    verb = "updated" if replaced else "recorded"
    return f"{verb} {entry.amount:,.2f} {currency} on {entry.platform} for {entry.date.isoformat()}"
