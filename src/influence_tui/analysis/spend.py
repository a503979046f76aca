"""Spend: the form's fields read into an entry (the import's money parser, plain messages), the
ledger (a paged window of entries), recording, fixing and deleting entries through the session
(each audited, the rollups following), and a campaign's budget pacing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from influence_tui.domain.identity import name_key
from influence_tui.domain.models import SpendEntry, normalize_platform
from influence_tui.ingest.values import parse_money
from influence_tui.store import spend_ledger
from influence_tui.store.paging import Cursor, Sort, count, fetch_after, fetch_before
from influence_tui.store.session import Session
from influence_tui.store.writes import (
    SpendEntryExists,
    campaign_ids,
    database_currency,
    ensure_platforms,
    record_spend_entry,
)

DATE_HINT = "write it as YYYY-MM-DD, e.g. 2026-11-01"
AMOUNT_HINT = "e.g. 1200.50 or $1,200.50"


class SpendInputError(ValueError):
    """What a person typed cannot be an entry: one line naming each field and what to write."""


def parse_spend_form(values: Mapping[str, str]) -> SpendEntry:
    """The form's text fields (platform, date, amount, campaign, note) as an entry. Amounts are
    read as import reads them (`$1,200.50`, `1.200,50 €`, `3.3k`); every problem is a plain
    sentence, all of them at once. Raises SpendInputError."""
    problems: list[str] = []
    platform = values.get("platform", "").strip()
    if not platform:
        problems.append("platform: required (instagram, youtube, …)")
    else:
        try:
            platform = normalize_platform(platform)
        except ValueError as exc:
            problems.append(f"platform: {exc}")
    date_text = values.get("date", "").strip()
    day: dt.date | None = None
    if not date_text:
        problems.append(f"date: required; {DATE_HINT}")
    else:
        try:
            day = dt.date.fromisoformat(date_text)
        except ValueError:
            problems.append(f"date: {date_text!r} is not a date; {DATE_HINT}")
        if day is not None and len(date_text) != 10:
            day = None
            problems.append(f"date: {date_text!r} is not a date; {DATE_HINT}")
    amount_text = values.get("amount", "").strip()
    amount: float | None = None
    currency: str | None = None
    if not amount_text:
        problems.append(f"amount: required ({AMOUNT_HINT})")
    else:
        try:
            amount, currency = parse_money(amount_text)
        except ValueError:
            problems.append(f"amount: {amount_text!r} is not an amount ({AMOUNT_HINT})")
        else:
            if amount is None:
                problems.append(f"amount: required ({AMOUNT_HINT})")
            elif amount <= 0:
                problems.append("amount: must be more than 0")
    if problems or day is None or amount is None:  # no problems means both were read
        raise SpendInputError("; ".join(problems))
    return SpendEntry(
        platform=platform,
        date=day,
        amount=amount,
        campaign=values.get("campaign") or None,
        note=values.get("note") or None,
        currency=currency or "USD",
    )


def _check(session: Session, entry: SpendEntry) -> str:
    """The database's currency, after refusing an entry in another one or dated in the future."""
    currency = database_currency(session.db)
    if entry.currency.upper() != currency:
        raise SpendInputError(f"currency: this database keeps money in {currency}")
    if entry.date > session.today:
        raise SpendInputError(
            f"date: {entry.date.isoformat()} is in the future (today is {session.today})"
        )
    return currency


def _campaign_id(db: sqlite_utils.Database, name: str | None) -> int | None:
    if not name:
        return None
    found = campaign_ids(db).get(name_key(name))
    if found is None:
        raise SpendInputError(f"campaign: no campaign named {name!r}")
    return found


def record_spend(session: Session, entry: SpendEntry, actor: str = "unknown") -> str:
    """Store one entry (audited); returns a one-line confirmation."""
    db = session.db
    currency = _check(session, entry)
    try:
        with session.write("spend") as touched:
            ensure_platforms(db, [entry.platform])
            _campaign_id(db, entry.campaign)
            spend_id = record_spend_entry(
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
            stored = spend_ledger.spend_entry(db, spend_id)
            assert stored is not None
            spend_ledger.audit_spend(db, actor, "record spend", stored)
    except SpendEntryExists as exc:
        raise SpendInputError(
            f"note: entry {exc.spend_id} already has {exc.amount:,.2f} {currency} on "
            f"{entry.platform} for {entry.date.isoformat()}: give this one a note to keep both, "
            "or fix that one in the ledger (L)"
        ) from None
    return (
        f"recorded {entry.amount:,.2f} {currency} on {entry.platform} for {entry.date.isoformat()}"
    )


# --- the ledger ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpendRow:
    spend_id: int
    platform: str
    campaign: str | None
    date: str
    amount: float
    currency: str
    note: str | None

    @classmethod
    def from_store(cls, row: dict[str, Any]) -> SpendRow:
        return cls(
            spend_id=row["id"],
            platform=row["platform"],
            campaign=row["campaign"],
            date=row["date"],
            amount=row["amount"],
            currency=row["currency"],
            note=row["note"],
        )

    def form_values(self) -> dict[str, str]:
        """The entry as the spend form shows it."""
        return {
            "platform": self.platform,
            "date": self.date,
            "amount": f"{self.amount:.2f}",
            "campaign": self.campaign or "",
            "note": self.note or "",
        }

    def describe(self) -> str:
        campaign = f" ({self.campaign})" if self.campaign else ""
        return (
            f"#{self.spend_id} {self.date} {self.platform}{campaign} "
            f"{self.amount:,.2f} {self.currency}"
        )


@dataclass(frozen=True)
class SpendQuery:
    """The ledger's view: one platform's or campaign's entries, or all; by date."""

    platform: str | None = None
    campaign_id: int | None = None
    sort: str = "date"
    descending: bool = True

    @property
    def order(self) -> Sort:
        return Sort(spend_ledger.SPEND_SORTS[self.sort], self.descending)


def spend_cursor(row: SpendRow, query: SpendQuery) -> Cursor:
    return Cursor(row.date, row.spend_id)


def spend_after(
    db: sqlite_utils.Database, query: SpendQuery, after: Cursor | None, limit: int
) -> list[SpendRow]:
    window = spend_ledger.spend_query(query.platform, query.campaign_id)
    return [SpendRow.from_store(r) for r in fetch_after(db, window, query.order, after, limit)]


def spend_before(
    db: sqlite_utils.Database, query: SpendQuery, before: Cursor | None, limit: int
) -> list[SpendRow]:
    window = spend_ledger.spend_query(query.platform, query.campaign_id)
    return [SpendRow.from_store(r) for r in fetch_before(db, window, query.order, before, limit)]


def spend_count(db: sqlite_utils.Database, query: SpendQuery) -> tuple[int, bool]:
    return count(db, spend_ledger.spend_query(query.platform, query.campaign_id)), False


def spend_entry(db: sqlite_utils.Database, spend_id: int) -> SpendRow | None:
    row = spend_ledger.spend_entry(db, spend_id)
    return SpendRow.from_store(row) if row else None


def fix_spend(session: Session, spend_id: int, entry: SpendEntry, actor: str) -> str:
    """Replace what entry `spend_id` says with `entry` (audited: old and new); returns a one-line
    confirmation. Raises SpendInputError for what the entry says, LookupError when it is gone."""
    db = session.db
    currency = _check(session, entry)
    with session.write("spend") as touched:
        ensure_platforms(db, [entry.platform])
        _, after = spend_ledger.update_spend_entry(
            db,
            spend_id,
            {
                "platform": entry.platform,
                "date": entry.date.isoformat(),
                "amount": entry.amount,
                "currency": currency,
                "note": entry.note,
            },
            _campaign_id(db, entry.campaign),
            actor,
            touched,
        )
    return f"fixed {SpendRow.from_store(after).describe()}"


def delete_spend(session: Session, spend_id: int, actor: str) -> str:
    """Delete entry `spend_id` (audited with what it said); returns a one-line confirmation."""
    with session.write("spend") as touched:
        before = spend_ledger.delete_spend_entry(session.db, spend_id, actor, touched)
    return f"deleted {SpendRow.from_store(before).describe()}"
