"""Recording spend typed into the explorer: validated by the domain model, written atomically
through the session, which keeps the rollups in step."""

from __future__ import annotations

from influence_tui.domain.models import SpendEntry
from influence_tui.store.session import Session
from influence_tui.store.writes import database_currency, ensure_platforms, record_spend_entry


def record_spend(session: Session, entry: SpendEntry) -> str:
    """Store one entry; returns a one-line confirmation."""
    db = session.db
    currency = database_currency(db)
    if entry.currency.upper() != currency:
        raise ValueError(f"currency: this database keeps money in {currency}")
    if entry.date > session.today:
        raise ValueError(
            f"date: {entry.date.isoformat()} is in the future (today is {session.today})"
        )
    with session.write("spend") as touched:
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
            touched,
        )
    verb = "updated" if replaced else "recorded"
    return f"{verb} {entry.amount:,.2f} {currency} on {entry.platform} for {entry.date.isoformat()}"
